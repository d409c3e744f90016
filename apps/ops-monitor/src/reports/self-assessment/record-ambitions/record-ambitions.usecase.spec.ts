import { createLogger } from '@city/platform-logging';
import { FakeTransaction } from '@city/platform-testing/fakes';
import { AmbitionsRepository } from '../ambitions.repository';
import type { Ambition } from '../self-assessment';
import { RecordAmbitionsUseCase } from './record-ambitions.usecase';

class InMemoryAmbitions extends AmbitionsRepository {
  rows: Ambition[] = [];
  by: string | null = null;
  async list() {
    return this.rows;
  }
  async replace(_t: string, rows: Ambition[], by: string) {
    this.rows = rows;
    this.by = by;
  }
}

describe('RecordAmbitionsUseCase', () => {
  const setup = () => {
    const store = new InMemoryAmbitions();
    const tx = new FakeTransaction();
    return { store, tx, record: new RecordAmbitionsUseCase(tx, store, createLogger('test', 'silent')) };
  };

  it('replaces every ambition at once and records who', async () => {
    const { store, record } = setup();
    await record.execute(
      'default',
      { city: { digitalTakeUpPercent: 50 }, services: [{ lgslId: 524, withinSlaPercent: 99 }] },
      'admin:admin-1',
      new Date(),
    );
    expect(store.rows).toEqual([
      { lgslId: null, offerOnline: null, digitalTakeUpPercent: 50, withinSlaPercent: null },
      { lgslId: 524, offerOnline: null, digitalTakeUpPercent: null, withinSlaPercent: 99 },
    ]);
    expect(store.by).toBe('admin:admin-1');
  });

  it('seeds the file’s ambitions only when none are recorded, under a lock', async () => {
    const { store, tx, record } = setup();
    const seed: Ambition[] = [
      { lgslId: null, offerOnline: true, digitalTakeUpPercent: 60, withinSlaPercent: 90 },
    ];
    expect(await record.seed('default', seed, new Date())).toBe(true);
    expect(await record.seed('default', [], new Date())).toBe(false);
    expect(store.rows).toEqual(seed);
    expect(tx.locked).toEqual([['ops-ambitions:default'], ['ops-ambitions:default']]);
  });
});
