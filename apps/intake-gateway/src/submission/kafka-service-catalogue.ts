import { Injectable } from '@nestjs/common';
import type { ServiceDefinition } from '@city/contracts';
import { CatalogueStore } from '@city/platform-kafka';
import { ServiceCatalogue } from './service-catalogue';

/** The catalogue as the gateway reads it from its compacted topic. */
@Injectable()
export class KafkaServiceCatalogue extends ServiceCatalogue {
  constructor(private readonly store: CatalogueStore) {
    super();
  }

  get ready(): boolean {
    return this.store.ready;
  }

  get(serviceCode: string, tenantId: string): ServiceDefinition | undefined {
    return this.store.get(serviceCode, tenantId);
  }
}
