import { recordFixture, ref } from '../../record/record-fixture';
import { LinkCaseUseCase } from './link-case.usecase';

const A = ref('a');
const B = ref('b');

describe('an agent links cases', () => {
  const setup = () => {
    const f = recordFixture();
    const citizen = f.record.addCitizen();
    const a = f.record.addCase({ reference: A, partyId: citizen.id });
    const b = f.record.addCase({ reference: B });
    return {
      ...f,
      a,
      b,
      citizen,
      link: new LinkCaseUseCase(f.tx, f.record.caseRepository, f.history),
    };
  };

  it('marks a duplicate: the case is an outcome, its citizen follows the original, both lines on the timeline', async () => {
    const { record, a, b, citizen, link } = setup();
    const saved = await link.execute('default', A, {
      toReference: B,
      kind: 'duplicate-of',
      expectedVersion: 1,
      actor: 'agent:a',
    });
    expect(saved).toMatchObject({ status: 'duplicate', duplicateOf: b.id });
    expect(record.caseSubscriptions).toEqual([
      expect.objectContaining({ caseId: b.id, partyId: citizen.id, reason: 'duplicate-reporter' }),
    ]);
    expect(record.timelineOf(a.id).map((t) => t.kind)).toEqual(['status-changed', 'linked']);
    expect(record.caseLinks).toEqual([
      expect.objectContaining({ fromCaseId: a.id, toCaseId: b.id, kind: 'duplicate-of' }),
    ]);
  });

  it('links related cases without changing their status', async () => {
    const { record, a, link } = setup();
    await expect(
      link.execute('default', A, {
        toReference: B,
        kind: 'related-to',
        expectedVersion: 1,
        actor: 'agent:a',
      }),
    ).resolves.toMatchObject({ status: 'open', version: 2 });
    expect(record.timelineOf(a.id).map((t) => t.summary)).toEqual([`Related to ${B}`]);
  });

  it('refuses itself, an unknown target, and a second link', async () => {
    const { link } = setup();
    const body = { kind: 'related-to' as const, expectedVersion: 1, actor: 'agent:a' };
    await expect(link.execute('default', A, { ...body, toReference: A })).rejects.toMatchObject({
      code: 'case.link-to-itself',
    });
    await expect(link.execute('default', A, { ...body, toReference: ref('nobody') })).rejects.toMatchObject({
      kind: 'not-found',
      fields: [{ field: 'toReference', reason: 'no such case' }],
    });
    await link.execute('default', A, { ...body, toReference: B });
    await expect(
      link.execute('default', A, { ...body, expectedVersion: 2, toReference: B }),
    ).rejects.toMatchObject({
      kind: 'conflict',
      code: 'case.already-linked',
    });
  });
});
