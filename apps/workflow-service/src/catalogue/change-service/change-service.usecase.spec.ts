import { join } from 'node:path';
import { readLgslReference } from '@city/platform-catalogue';
import { createLogger } from '@city/platform-logging';
import { repositoryCatalogue } from '@city/platform-testing';
import { FakeOutbox, FakeTransaction, FixedClock } from '@city/platform-testing/fakes';
import { workflowsInMemory } from '../../workflows/workflows-in-memory';
import { CatalogueServiceVersion } from '../catalogue-service.entity';
import { InMemoryCatalogueServiceRepository } from '../in-memory-catalogue-service.repository';
import { ChangeServiceUseCase } from './change-service.usecase';

const lgsl = readLgslReference(join(__dirname, '../../../../../catalogue/reference/lgsl-services.csv'));

describe('an administrator changing a service', () => {
  const setup = async () => {
    const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
    const { definitions } = await workflowsInMemory(clock, []);
    const versions = new InMemoryCatalogueServiceRepository();
    const pothole = repositoryCatalogue().find((s) => s.code === 'pothole')!;
    await versions.add(
      Object.assign(new CatalogueServiceVersion(), {
        tenantId: 'default',
        code: 'pothole',
        version: pothole.version,
        definition: pothole,
        changedBy: 'file:pothole.yaml',
        reason: 'imported from the catalogue files',
        changedAt: clock.now(),
      }),
    );
    const tx = new FakeTransaction();
    const outbox = new FakeOutbox();
    const change = new ChangeServiceUseCase(
      tx,
      versions,
      outbox,
      definitions,
      lgsl,
      clock,
      createLogger('workflow-service', 'silent'),
    );
    return { pothole, versions, tx, outbox, change };
  };

  it('stores it as the next version, with who and why, and publishes it', async () => {
    const { pothole, versions, tx, outbox, change } = await setup();
    const doc = { ...pothole, name: { ...pothole.name, en: 'Pothole or sunken road' } };
    const s = await change.execute({
      tenantId: 'default',
      code: 'pothole',
      doc,
      changedBy: 'admin:a-1',
      reason: 'Clearer name',
    });
    expect(s).toMatchObject({
      code: 'pothole',
      version: pothole.version + 1,
      name: { en: 'Pothole or sunken road' },
    });
    expect((await versions.history('default', 'pothole')).map((v) => [v.version, v.changedBy])).toEqual([
      [pothole.version + 1, 'admin:a-1'],
      [pothole.version, 'file:pothole.yaml'],
    ]);
    expect(tx.locked).toEqual([['default/catalogue/pothole']]);
    expect(outbox.items).toEqual([
      expect.objectContaining({
        key: 'default/pothole',
        event: expect.objectContaining({
          type: 'CatalogueServicePublished',
          correlationId: `catalogue:pothole:${s.version}`,
        }),
      }),
    ]);
  });

  it('refuses a definition the schema, the LGSL list or the workflows refuse', async () => {
    const { pothole, outbox, change } = await setup();
    const attempt = (doc: Record<string, unknown>) =>
      change.execute({ tenantId: 'default', code: 'pothole', doc, changedBy: 'admin:a-1', reason: 'typo' });
    await expect(attempt({ ...pothole, lgslId: 999999 })).rejects.toMatchObject({
      kind: 'invalid',
      message: 'That service definition cannot be used.',
      fields: [expect.objectContaining({ field: 'service.lgslId' })],
    });
    await expect(attempt({ ...pothole, workflow: 'no-such-workflow' })).rejects.toMatchObject({
      kind: 'invalid',
      code: 'catalogue.unknown-workflow',
      fields: [expect.objectContaining({ field: 'service.workflow' })],
    });
    await expect(attempt({ ...pothole, name: undefined })).rejects.toMatchObject({
      fields: expect.arrayContaining([expect.objectContaining({ field: 'service.name' })]),
    });
    expect(outbox.items).toEqual([]);
  });
});
