import { catalogueKey, catalogueServicePublishedV1, type ServiceDefinition } from '@city/contracts';
import { planCatalogue } from './publish-catalogue';

const pothole: ServiceDefinition = catalogueServicePublishedV1.example.payload;
const graffiti: ServiceDefinition = { ...pothole, code: 'graffiti', lgslId: 584 };

describe('planCatalogue', () => {
  it('publishes new services and leaves unchanged ones alone', () => {
    const published = new Map([[catalogueKey('default', 'pothole'), pothole]]);
    const plan = planCatalogue('default', [pothole, graffiti], published);
    expect(plan.publish.map((s) => s.code)).toEqual(['graffiti']);
    expect(plan.unchanged).toBe(1);
  });

  it('publishes a change that bumps the version, and refuses one that does not', () => {
    const published = new Map([[catalogueKey('default', 'pothole'), pothole]]);
    const renamed = { ...pothole, name: { en: 'Pot hole' } };
    expect(planCatalogue('default', [{ ...renamed, version: 2 }], published).publish).toHaveLength(1);
    expect(planCatalogue('default', [renamed], published).problems).toEqual([
      { file: 'pothole.yaml', field: 'version', reason: 'changed, but version 1 is not above the published 1' },
    ]);
  });

  it('removes a service whose file is gone, only within its own tenant', () => {
    const published = new Map([
      [catalogueKey('default', 'pothole'), pothole],
      [catalogueKey('default', 'graffiti'), graffiti],
      [catalogueKey('other-city', 'graffiti'), graffiti],
    ]);
    expect(planCatalogue('default', [pothole], published).remove).toEqual(['default/graffiti']);
  });
});
