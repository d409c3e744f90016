import { caseChangedV1, caseOpenedV1, caseRoutedV1 } from '@city/contracts';
import { FakeInbox, FakeTransaction } from '@city/platform-testing/fakes';
import { CaseProjectionRepository } from '../case-projection.repository';
import type { CaseRow, OpsFact, StatusMove } from '../fold-fact';
import { ApplyFactsUseCase } from './apply-facts.usecase';

class InMemoryProjection extends CaseProjectionRepository {
  readonly rows = new Map<string, CaseRow>();
  readonly moves: StatusMove[] = [];
  async lockRows(ids: string[]) {
    return new Map(ids.filter((id) => this.rows.has(id)).map((id) => [id, { ...this.rows.get(id)! }]));
  }
  async saveRows(rows: CaseRow[]) {
    for (const r of rows) this.rows.set(r.caseId, { ...r });
  }
  async moveStatuses(moves: StatusMove[]) {
    this.moves.push(...moves);
  }
}

const caseId = caseOpenedV1.example.payload.caseId;
const facts: OpsFact[] = [
  caseOpenedV1.example,
  { ...caseRoutedV1.example, payload: { ...caseRoutedV1.example.payload, caseId } } as OpsFact,
  caseChangedV1.example as OpsFact,
];

describe('applying facts to the read model', () => {
  const setup = () => {
    const projection = new InMemoryProjection();
    const apply = new ApplyFactsUseCase(new FakeTransaction(), new FakeInbox(), projection, () => 'zuid');
    return { projection, apply };
  };

  it('folds a batch into its cases and moves their status spans', async () => {
    const { projection, apply } = setup();
    const { changed, newest } = await apply.execute(facts);
    expect(changed).toBe(1);
    expect(newest).toEqual(new Date(caseChangedV1.example.occurredAt));
    expect(projection.rows.get(caseId)).toMatchObject({ district: 'zuid', queue: 'highways-north' });
    expect(projection.moves.map((m) => m.status)).toEqual(['received', 'resolved']);
  });

  it('folds each fact once: a batch read again after a crash changes nothing', async () => {
    const { projection, apply } = setup();
    await apply.execute(facts);
    const before = { ...projection.rows.get(caseId)! };
    expect((await apply.execute(facts)).changed).toBe(0);
    expect(projection.rows.get(caseId)).toEqual(before);
    expect(projection.moves).toHaveLength(2);
  });
});
