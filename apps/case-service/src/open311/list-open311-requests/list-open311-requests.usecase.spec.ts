import type { CatalogueStore } from '@city/platform-kafka';
import { recordFixture, ref } from '../../record/record-fixture';
import { ListOpen311RequestsUseCase } from './list-open311-requests.usecase';

/** The catalogue at its port: which services exist and how public their requests are. */
const catalogue = (ready: boolean, services: Array<{ code: string; open311?: unknown }>) =>
  ({ ready, all: () => services }) as unknown as CatalogueStore;

describe('Open311 reads of public requests', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const setup = (ready = true) => {
    const f = recordFixture();
    const services = [
      { code: 'pothole', open311: { public: true, location: 'coarse' } },
      { code: 'housing-benefit' },
    ];
    const list = new ListOpen311RequestsUseCase(f.record.caseRepository, catalogue(ready, services as never));
    return { ...f, list };
  };
  const page = { page: 1, page_size: 100 };

  it('shows only public services, with their latest shared note, never an internal one', async () => {
    const { record, list } = setup();
    const c = record.addCase({ reference: ref('pothole'), receivedAt: new Date('2026-03-09') });
    record.addCase({
      reference: ref('housing'),
      serviceCode: 'housing-benefit',
      receivedAt: new Date('2026-03-09'),
    });
    await record.caseRepository.addToTimeline([
      {
        tenantId: 'default',
        caseId: c.id,
        kind: 'note-added',
        actor: 'a',
        channel: null,
        at: new Date(1),
        summary: '',
        details: { visibility: 'shared', text: 'Crew booked' },
      },
      {
        tenantId: 'default',
        caseId: c.id,
        kind: 'note-added',
        actor: 'a',
        channel: null,
        at: new Date(2),
        summary: '',
        details: { visibility: 'internal', text: 'Secret' },
      },
    ]);
    const out = await list.execute('default', page, now);
    expect(out.requests.map((r) => [r.case.reference, r.statusNotes, r.location])).toEqual([
      [ref('pothole'), 'Crew booked', 'coarse'],
    ]);
    expect(
      (await list.execute('default', { ...page, service_request_id: ref('housing') }, now)).requests,
    ).toEqual([]);
  });

  it('shows a duplicate with the report it follows: named in its status notes, counted open or closed as that one is', async () => {
    const { record, list } = setup();
    const original = record.addCase({
      reference: ref('original'),
      status: 'in-progress',
      resolutionDueAt: new Date('2026-03-20T17:00:00Z'),
      receivedAt: new Date('2026-03-08'),
    });
    const dup = record.addCase({
      reference: ref('dup'),
      status: 'duplicate',
      duplicateOf: original.id,
      receivedAt: new Date('2026-03-09'),
    });
    await record.caseRepository.addToTimeline([
      {
        tenantId: 'default',
        caseId: dup.id,
        kind: 'note-added',
        actor: 'a',
        channel: null,
        at: new Date(1),
        summary: '',
        details: { visibility: 'shared', text: 'Same as the other one' },
      },
    ]);
    const [read] = (await list.execute('default', { ...page, service_request_id: ref('dup') }, now)).requests;
    expect(read.original?.reference).toBe(ref('original'));
    expect(read.statusNotes).toBe(`Reported before as ${ref('original')}; this report follows it.`);
    // Open while the one it follows is open; closed once that one is.
    const open = await list.execute('default', { ...page, status: 'open' }, now);
    expect(open.requests.map((r) => r.case.reference).sort()).toEqual([ref('dup'), ref('original')].sort());
    expect((await list.execute('default', { ...page, status: 'closed' }, now)).requests).toEqual([]);
    await record.caseRepository.save(Object.assign(original, { status: 'closed' }));
    const closed = await list.execute('default', { ...page, status: 'closed' }, now);
    expect(closed.requests.map((r) => [r.case.reference, r.original?.status])).toEqual(
      expect.arrayContaining([[ref('dup'), 'closed']]),
    );
  });

  it("does not show another service's case in a duplicate's stead (an agent's link across services)", async () => {
    const { record, list } = setup();
    const housing = record.addCase({
      reference: ref('housing'),
      serviceCode: 'housing-benefit',
      status: 'in-progress',
      receivedAt: new Date('2026-03-08'),
    });
    record.addCase({
      reference: ref('dup'),
      status: 'duplicate',
      duplicateOf: housing.id,
      receivedAt: new Date('2026-03-09'),
    });
    const [read] = (await list.execute('default', { ...page, service_request_id: ref('dup') }, now)).requests;
    expect(read).toMatchObject({ original: null, statusNotes: null });
    expect(JSON.stringify(read)).not.toContain(ref('housing'));
    expect((await list.execute('default', { ...page, status: 'closed' }, now)).requests).toHaveLength(1);
  });

  it('refuses a window longer than 90 days or backwards, and bad references', async () => {
    const { list } = setup();
    await expect(
      list.execute('default', { ...page, start_date: '2025-01-01T00:00:00Z' }, now),
    ).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ field: 'start_date' }],
    });
    await expect(
      list.execute(
        'default',
        { ...page, start_date: '2026-03-09T00:00:00Z', end_date: '2026-03-01T00:00:00Z' },
        now,
      ),
    ).rejects.toMatchObject({
      fields: [{ field: 'start_date', reason: 'after end_date' }],
    });
    await expect(list.execute('default', { ...page, service_request_id: 'x,y' }, now)).rejects.toMatchObject({
      fields: [{ field: 'service_request_id' }],
    });
  });

  it('is unavailable until the catalogue is read', async () => {
    await expect(setup(false).list.execute('default', page, now)).rejects.toMatchObject({
      kind: 'unavailable',
      retryAfterSeconds: 2,
    });
  });
});
