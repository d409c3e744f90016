import { spokenStatus } from '../../record/case-views';
import { recordFixture, ref } from '../../record/record-fixture';
import { RequestStatusUseCase } from './request-status.usecase';

describe('the IVR asks for a status by reference', () => {
  it('finds the case as read out (spaces, lower case) and says not-found otherwise', async () => {
    const { record } = recordFixture();
    const status = new RequestStatusUseCase(record.caseRepository);
    record.addCase({ reference: ref('a'), status: 'in-progress' });
    await expect(status.execute('default', ref('a').toLowerCase().replace(/-/g, ' '))).resolves.toMatchObject(
      {
        case: { status: 'in-progress' },
        joined: null,
      },
    );
    await expect(status.execute('default', ref('b'))).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('reads a status out in one sentence', async () => {
    const { record } = recordFixture();
    const status = new RequestStatusUseCase(record.caseRepository);
    record.addCase({
      reference: ref('a'),
      status: 'in-progress',
      receivedAt: new Date('2026-03-03T09:00:00Z'),
    });
    const { case: c, joined } = await status.execute('default', ref('a'));
    expect(spokenStatus(c, joined)).toBe('Your pothole request, received on 3 March, is being worked on.');
  });

  it('for a report joined to an earlier one, names that one, its status and its expected date', async () => {
    const { record } = recordFixture();
    const status = new RequestStatusUseCase(record.caseRepository);
    const original = record.addCase({
      reference: ref('original'),
      status: 'in-progress',
      resolutionDueAt: new Date('2026-03-10T17:00:00Z'),
    });
    record.addCase({
      reference: ref('dup'),
      status: 'duplicate',
      duplicateOf: original.id,
      receivedAt: new Date('2026-03-04T09:00:00Z'),
    });
    const { case: c, joined } = await status.execute('default', ref('dup'));
    expect(joined).toEqual({
      reference: ref('original'),
      status: 'in-progress',
      expectedBy: '2026-03-10T17:00:00.000Z',
    });
    expect(spokenStatus(c, joined)).toBe(
      `Your pothole request, received on 4 March, joined an earlier report of the same problem, reference ${ref('original')}, which is being worked on. It should be dealt with by 10 March.`,
    );
  });

  it('gives no expected date once the earlier report is resolved, and says what became of it', async () => {
    const { record } = recordFixture();
    const status = new RequestStatusUseCase(record.caseRepository);
    const original = record.addCase({
      reference: ref('original'),
      status: 'resolved',
      resolutionDueAt: new Date('2026-03-10T17:00:00Z'),
    });
    record.addCase({
      reference: ref('dup'),
      status: 'duplicate',
      duplicateOf: original.id,
      receivedAt: new Date('2026-03-04T09:00:00Z'),
    });
    const { case: c, joined } = await status.execute('default', ref('dup'));
    expect(joined?.expectedBy).toBeNull();
    expect(spokenStatus(c, joined)).toBe(
      `Your pothole request, received on 4 March, joined an earlier report of the same problem, reference ${ref('original')}, which has been resolved.`,
    );
  });

  it('never follows a link into another tenant, and says only that it was joined', async () => {
    const { record } = recordFixture();
    const status = new RequestStatusUseCase(record.caseRepository);
    const elsewhere = record.addCase({ reference: ref('other-city'), tenantId: 'other', status: 'open' });
    record.addCase({
      reference: ref('dup'),
      status: 'duplicate',
      duplicateOf: elsewhere.id,
      receivedAt: new Date('2026-03-04T09:00:00Z'),
    });
    const { case: c, joined } = await status.execute('default', ref('dup'));
    expect(joined).toBeNull();
    expect(spokenStatus(c, joined)).toBe(
      'Your pothole request, received on 4 March, was joined to an earlier report of the same problem.',
    );
  });
});
