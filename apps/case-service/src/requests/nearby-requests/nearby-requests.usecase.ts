import { Injectable } from '@nestjs/common';
import {
  DomainError,
  NEARBY_MAX_RESULTS,
  open311VisibilityOf,
  type NearbyRequests,
  type NearbyRequestsQuery,
} from '@city/contracts';
import { ACTIVE_STATUSES, boundingBox, distanceMetres } from '@city/domain-cases';
import { CatalogueStore } from '@city/platform-kafka';
import { CaseRepository } from '../../record/case.repository';
import { open311Place } from '../../open311/open311-place.util';

/** Cases read per search before the exact distance picks the nearest: enough to rank twenty. */
const CANDIDATES = 100;
/** How far a place rounded to three decimals (a coarse service's) may be from where it was reported. */
const COARSE_MARGIN_METRES = 100;

/**
 * "Already reported?": the open reports of a service around a point, nearest first, before a citizen
 * reports the same problem again. Anyone may ask, so only what Open311 shows anyone: services the
 * catalogue marks public, their place as it says (exact, or rounded for a coarse service; a service
 * shown without a place cannot be searched by place), and nothing personal (no description, address
 * or citizen). A bounding box in the database (cases_service_lat), then the exact distance here.
 */
@Injectable()
export class NearbyRequestsUseCase {
  constructor(
    private readonly cases: CaseRepository,
    private readonly catalogue: CatalogueStore,
  ) {}

  async execute(tenantId: string, q: NearbyRequestsQuery): Promise<NearbyRequests> {
    if (!this.catalogue.ready)
      throw DomainError.unavailable(
        'catalogue.loading',
        'The service catalogue is still loading; try again shortly.',
        2,
      );
    const visibility = open311VisibilityOf(this.catalogue.get(q.service, tenantId));
    if (!visibility.public)
      throw DomainError.invalid('nearby.unknown-service', 'Not valid.', [
        { field: 'service', reason: 'no service with that code whose reports anyone may see' },
      ]);
    if (visibility.location === 'none')
      throw DomainError.invalid('nearby.placeless-service', 'Not valid.', [
        { field: 'service', reason: "this service's reports are not shown by place" },
      ]);
    const centre = { lat: q.lat, long: q.long };
    const margin = visibility.location === 'coarse' ? COARSE_MARGIN_METRES : 0;
    const found = await this.cases.nearby(
      {
        tenantId,
        serviceCode: q.service,
        centre,
        box: boundingBox(centre, q.radius + margin),
        limit: CANDIDATES,
      },
      ACTIVE_STATUSES,
    );
    const requests = found
      .flatMap((c) => {
        // The distance to the place as shown, so that a coarse place gives away no more than Open311 does.
        const { lat, long } = open311Place(visibility.location, { ...c, address: null, propertyId: null });
        if (lat === null || long === null) return [];
        const location = { lat, long };
        return [{ c, location, d: distanceMetres(centre, location) }];
      })
      .filter(({ d }) => d <= q.radius)
      .sort((a, b) => a.d - b.d || a.c.receivedAt.getTime() - b.c.receivedAt.getTime())
      .slice(0, NEARBY_MAX_RESULTS)
      .map(({ c, location, d }) => ({
        reference: c.reference,
        service: c.serviceCode,
        status: c.status,
        receivedAt: c.receivedAt.toISOString(),
        distanceMetres: Math.round(d),
        location,
        expectedBy: c.resolutionDueAt?.toISOString() ?? null,
      }));
    return { count: requests.length, requests };
  }
}
