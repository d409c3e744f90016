import { Injectable } from '@nestjs/common';
import { CatalogueStore } from '@city/platform-kafka';
import { OfferedServices } from './ambitions.repository';

/** The services a city offers now, from the catalogue the workflow-service publishes (compacted topic). */
@Injectable()
export class CatalogueOfferedServices extends OfferedServices {
  constructor(private readonly catalogue: CatalogueStore) {
    super();
  }

  list(tenantId: string) {
    return this.catalogue
      .list(tenantId)
      .map((s) => ({ code: s.code, lgslId: s.lgslId, channels: s.channels }));
  }
}
