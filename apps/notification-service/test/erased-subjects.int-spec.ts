import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { DataSubject } from '@city/contracts';
import { Transaction } from '@city/platform-database';
import { startServiceUnderTest } from '@city/platform-testing';
import { createNotificationService } from '../src/bootstrap';
import { loadNotificationConfig } from '../src/config';
import { ErasedSubjects, lockForErasure, subjectLocks } from '../src/message-store/erased-subjects';
import { ErasePersonalDataUseCase } from '../src/personal-data/erase-personal-data/erase-personal-data.usecase';

/**
 * A message on its way while its citizen is erased (docs/personal-data.md): an erasure and the
 * recording of deliveries lock the same buckets of cases and citizens (the erasure alone, recordings
 * shared), so a recording under way holds the erasure off until it commits (and the erasure then
 * anonymises its rows), and a recording that starts during an erasure waits for it and sees its
 * subjects erased (and so writes no address). On the real Postgres, in the service's own schema.
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

  const subjectOf = (caseId: string, citizenId: string): DataSubject => ({
    citizenIds: [citizenId],
    caseIds: [caseId],
    caseReferences: [],
    contacts: [],
  });
  /** A transaction that takes `take` and holds it until `release` is called. */
  const holding = (tx: Transaction, take: () => Promise<void>) => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let taken!: () => void;
    const isTaken = new Promise<void>((r) => (taken = r));
    const done = tx.run(async () => {
      await take();
      taken();
      await held;
    });
    return { isTaken, release, done };
  };
  const settledWithin = (p: Promise<unknown>, ms: number) =>
    Promise.race([p.then(() => true), new Promise((r) => setTimeout(() => r(false), ms))]);

  it('a recording under way holds the erasure off; recordings do not hold each other off', async () => {
    const tx = app.get(Transaction);
    const [caseId, citizenId] = [randomUUID(), randomUUID()];
    const locks = subjectLocks('default', { caseIds: [caseId], citizenIds: [citizenId] });
    const recording = holding(tx, () => tx.lockShared(locks));
    await recording.isTaken;
    // Another recording of the same case goes on at once.
    expect(
      await settledWithin(
        tx.run(() => tx.lockShared(locks)),
        2_000,
      ),
    ).toBe(true);

    const erasure = app.get(ErasePersonalDataUseCase).execute('default', subjectOf(caseId, citizenId));
    expect(await settledWithin(erasure, 500)).toBe(false);
    recording.release();
    await recording.done;
    await erasure;
    expect(
      await tx.run(() =>
        app.get(ErasedSubjects).among('default', { caseIds: [caseId], citizenIds: [citizenId] }),
      ),
    ).toEqual({ cases: new Set([caseId]), citizens: new Set([citizenId]) });
  });

  it('a recording during an erasure waits for it and sees the case erased; one of another bucket does not wait', async () => {
    const tx = app.get(Transaction);
    const erased = app.get(ErasedSubjects);
    const [caseId, citizenId] = [randomUUID(), randomUUID()];
    // Another case in another bucket (the first two hex digits of its id).
    const elsewhere = `${caseId[0] === 'a' ? 'b' : 'a'}${randomUUID().slice(1)}`;
    const erasure = holding(tx, async () => {
      await lockForErasure(tx, 'default', { caseIds: [caseId], citizenIds: [citizenId] });
      await erased.mark('default', { caseIds: [caseId], citizenIds: [citizenId] }, new Date());
    });
    await erasure.isTaken;

    const record = (ids: string[]) =>
      tx.run(async () => {
        await tx.lockShared(subjectLocks('default', { caseIds: ids, citizenIds: [] }));
        return erased.among('default', { caseIds: ids, citizenIds: [] });
      });
    expect(await record([elsewhere])).toEqual({ cases: new Set(), citizens: new Set() });
    const waiting = record([caseId]);
    expect(await settledWithin(waiting, 500)).toBe(false);
    erasure.release();
    await erasure.done;
    expect(await waiting).toEqual({ cases: new Set([caseId]), citizens: new Set() });
    // Marking again is no error (an erasure asked twice).
    await tx.run(() => erased.mark('default', { caseIds: [caseId], citizenIds: [] }, new Date()));
  });
});
