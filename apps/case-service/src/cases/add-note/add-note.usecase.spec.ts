import type { CaseChangedV1 } from '@city/contracts';
import { recordFixture, ref } from '../../record/record-fixture';
import { AddNoteUseCase } from './add-note.usecase';

const A = ref('a');

describe('an agent adds a note', () => {
  it('writes a shared note as said and an internal one marked so, and moves the version on', async () => {
    const { record, outbox, tx, history } = recordFixture();
    const addNote = new AddNoteUseCase(tx, record.caseRepository, history);
    const c = record.addCase({ reference: A });
    const first = await addNote.execute('default', A, {
      text: 'Crew booked',
      visibility: 'shared',
      actor: 'clerk:c-4',
    });
    await addNote.execute('default', A, {
      text: 'Two needed',
      visibility: 'internal',
      actor: 'agent:a',
      expectedVersion: first.version,
    });
    expect(record.timelineOf(c.id).map((t) => t.summary)).toEqual([
      'Crew booked',
      'Internal note: Two needed',
    ]);
    expect(record.caseOf(A)!.version).toBe(3);
    expect(outbox.events<CaseChangedV1>('CaseChanged').map((e) => e.payload)).toEqual([
      expect.objectContaining({ change: 'note-added', visibility: 'shared', version: 2 }),
      expect.objectContaining({ change: 'note-added', visibility: 'internal', version: 3 }),
    ]);
  });

  it('refuses a note against a stale version, and takes one without a version', async () => {
    const { record, tx, history } = recordFixture();
    const addNote = new AddNoteUseCase(tx, record.caseRepository, history);
    record.addCase({ reference: A, version: 2 });
    await expect(
      addNote.execute('default', A, {
        text: 'x',
        visibility: 'shared',
        actor: 'agent:a',
        expectedVersion: 1,
      }),
    ).rejects.toMatchObject({ code: 'case.stale-version' });
    await expect(
      addNote.execute('default', A, { text: 'x', visibility: 'shared', actor: 'agent:a' }),
    ).resolves.toMatchObject({ version: 3 });
  });
});
