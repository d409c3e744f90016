import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Transaction } from '@city/platform-database';
import { startServiceUnderTest } from '@city/platform-testing';
import { createNotificationService } from '../src/bootstrap';
import { loadNotificationConfig } from '../src/config';
import { ErasedSubjects, lockSubjects } from '../src/message-store/erased-subjects';

/**
 * A message on its way while its citizen is erased (docs/personal-data.md): the erasure and the
 * recording of deliveries lock the same buckets, so a recording that starts while an erasure is under
 * way waits for it and sees its subjects erased (and so writes no address); one of another bucket
 * does not wait. On the real Postgres, in the service's own schema.
 */
describe('notification-service: erased subjects and a message on its way (real Postgres)', () => {
  let service: { close: () => Promise<void> };
  let app: INestApplication;

  beforeAll(async () => {
    service = await startServiceUnderTest({
      label: 'notif_erased',
      load: (env) => loadNotificationConfig(env),
      create: async (c) => (app = await createNotificationService(c)),
    });
  }, 90_000);
  afterAll(() => service?.close());

  it('a recording during an erasure waits for it and sees the case erased; one of another bucket does not wait', async () => {
    const tx = app.get(Transaction);
    const erased = app.get(ErasedSubjects);
    const caseId = randomUUID();
    const citizenId = randomUUID();
    // Another case in another bucket (the first two hex digits of its id).
    const elsewhere = `${caseId[0] === 'a' ? 'b' : 'a'}${caseId[1] === 'a' ? 'b' : 'a'}${randomUUID().slice(2)}`;
    let commit!: () => void;
    const held = new Promise<void>((r) => (commit = r));
    const seen: string[] = [];

    const erasure = tx.run(async () => {
      await lockSubjects(tx, 'default', { caseIds: [caseId], citizenIds: [citizenId] });
      await erased.mark('default', { caseIds: [caseId], citizenIds: [citizenId] }, new Date());
      seen.push('erasure marked');
      await held;
      seen.push('erasure commits');
    });
    while (!seen.includes('erasure marked')) await new Promise((r) => setTimeout(r, 10));

    const recording = tx.run(async () => {
      await lockSubjects(tx, 'default', { caseIds: [caseId], citizenIds: [] });
      seen.push('recording reads');
      return erased.among('default', { caseIds: [caseId], citizenIds: [citizenId] });
    });
    const other = await tx.run(async () => {
      await lockSubjects(tx, 'default', { caseIds: [elsewhere], citizenIds: [] });
      return erased.among('default', { caseIds: [elsewhere], citizenIds: [] });
    });
    // The other bucket's recording went on at once, and found nothing erased.
    expect(other).toEqual({ cases: new Set(), citizens: new Set() });
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual(['erasure marked']);

    commit();
    await erasure;
    expect(await recording).toEqual({ cases: new Set([caseId]), citizens: new Set([citizenId]) });
    expect(seen).toEqual(['erasure marked', 'erasure commits', 'recording reads']);
    // Marking again is no error (an erasure asked twice).
    await tx.run(() => erased.mark('default', { caseIds: [caseId], citizenIds: [] }, new Date()));
  });
});
