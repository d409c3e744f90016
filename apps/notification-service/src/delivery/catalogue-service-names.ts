import { Injectable } from '@nestjs/common';
import { CatalogueStore } from '@city/platform-kafka';
import { ServiceNames } from './service-names';

/** Service names from the catalogue the service reads from its compacted topic. */
@Injectable()
export class CatalogueServiceNames extends ServiceNames {
  constructor(private readonly catalogue: CatalogueStore) {
    super();
  }

  of(serviceCode: string, tenantId: string): Record<string, string> | undefined {
    return this.catalogue.get(serviceCode, tenantId)?.name as Record<string, string> | undefined;
  }
}
