import { randomUUID } from 'node:crypto';
import { citizenNotifiedV1, followedRequestSchema, type NotificationFactV1 } from '@city/contracts';
import { FakeInbox } from '@city/platform-testing/fakes';
import { AddNoteUseCase } from '../../cases/add-note/add-note.usecase';
import { ChangeStatusUseCase } from '../../cases/change-status/change-status.usecase';
import { LinkCaseUseCase } from '../../cases/link-case/link-case.usecase';
import { RecordOutboundMessageUseCase } from '../../interactions/record-outbound-message/record-outbound-message.usecase';
import { recordFixture, ref } from '../../record/record-fixture';
import { CitizenViews } from '../citizen-view/citizen-views';
import { FollowRequestUseCase } from './follow-request.usecase';

describe('a citizen follows a request with a second factor', () => {
  const setup = () => {
    const f = recordFixture();
    const anna = f.record.addCitizen({}, [
      { kind: 'email', value: 'anna@example.org' },
      { kind: 'phone', value: '+447700900123' },
    ]);
    const a = f.record.addCase({ reference: ref('a'), partyId: anna.id });
    const follow = new FollowRequestUseCase(
      f.record.caseRepository,
      f.record.citizenRepository,
      new CitizenViews(f.record.caseRepository),
      f.tx,
      f.config,
    );
    return { ...f, anna, a, follow };
  };

  it('shows the request for the email or phone its citizen gave, written any way', async () => {
    const { follow } = setup();
    await expect(follow.execute('default', ref('a'), { email: ' Anna@Example.org ' })).resolves.toMatchObject(
      {
        case: { reference: ref('a') },
      },
    );
    await expect(follow.execute('default', ref('a'), { phone: '07700 900123' })).resolves.toMatchObject({
      case: { reference: ref('a') },
      viewer: { own: true, by: 'phone' },
    });
    await expect(follow.followed('default', ref('a'), { phone: '07700 900123' })).resolves.toMatchObject({
      case: { reference: ref('a') },
    });
  });

  it("says whose contact matched: the reporter's own, read and acted on", async () => {
    const { follow, anna, a } = setup();
    await expect(follow.execute('default', ref('a'), { email: 'anna@example.org' })).resolves.toEqual({
      case: expect.objectContaining({ id: a.id }),
      viewer: { partyId: anna.id, own: true, citizenIds: [anna.id], by: 'email' },
    });
    await expect(follow.asReporter('default', ref('a'), { phone: '+447700900123' })).resolves.toMatchObject({
      id: a.id,
    });
  });

  it('lets a citizen who follows it read it with their own contact, as a follower sees it, and act on it never (403 naming the contact)', async () => {
    const { record, follow, anna, a } = setup();
    const lars = record.addCitizen({}, [
      { kind: 'email', value: 'lars@example.org' },
      { kind: 'phone', value: '+447700900999' },
    ]);
    await record.caseRepository.subscribe([{ caseId: a.id, partyId: lars.id, reason: 'follower' }]);
    await record.caseRepository.addToTimeline([
      {
        tenantId: 'default',
        caseId: a.id,
        kind: 'created',
        actor: 'citizen',
        channel: 'web',
        at: new Date(Date.now() - 60_000),
        summary: 'Request received on the web channel',
        details: {},
      },
      ...[anna.id, lars.id].map((citizenId) => ({
        tenantId: 'default',
        caseId: a.id,
        kind: 'message-sent' as const,
        actor: 'notification-service',
        channel: 'email',
        at: new Date(),
        summary: 'Email sent',
        details: { citizenId },
      })),
    ]);

    await expect(follow.execute('default', ref('a'), { email: 'Lars@Example.org' })).resolves.toEqual({
      case: expect.objectContaining({ id: a.id, partyId: anna.id }),
      viewer: { partyId: lars.id, own: false, citizenIds: [lars.id], by: 'email' },
    });
    const { viewer, view } = await follow.followed('default', ref('a'), { email: 'lars@example.org' });
    expect(viewer).toMatchObject({ partyId: lars.id, own: false });
    // No "received" line (how another citizen reached the city), and only the message sent to Lars.
    expect(view.timeline.map((t) => t.kind)).toEqual(['message-sent']);

    for (const [factor, field] of [
      [{ email: 'lars@example.org' }, 'email'],
      [{ phone: '07700 900999' }, 'phone'],
    ] as const)
      await expect(follow.asReporter('default', ref('a'), factor)).rejects.toMatchObject({
        kind: 'forbidden',
        code: 'request.not-reporter',
        fields: [{ field, reason: 'only the citizen who made this request can do this' }],
      });
  });

  it("finds a follower merged since they followed by their survivor's contacts, with both records' messages", async () => {
    const { record, follow, a } = setup();
    const survivor = record.addCitizen({}, [{ kind: 'email', value: 'lars@example.org' }]);
    const merged = record.addCitizen({ mergedInto: survivor.id });
    await record.caseRepository.subscribe([{ caseId: a.id, partyId: merged.id, reason: 'follower' }]);
    await expect(follow.execute('default', ref('a'), { email: 'lars@example.org' })).resolves.toMatchObject({
      viewer: { partyId: survivor.id, own: false, citizenIds: [survivor.id, merged.id] },
    });
  });

  it('prefers the follower who owns the contact to one holding a copy kept apart', async () => {
    const { record, follow, a } = setup();
    const apart = record.addCitizen({}, [{ kind: 'email', value: 'lars@example.org', heldApart: true }]);
    const lars = record.addCitizen({}, [{ kind: 'email', value: 'lars@example.org' }]);
    await record.caseRepository.subscribe([
      { caseId: a.id, partyId: apart.id, reason: 'follower' },
      { caseId: a.id, partyId: lars.id, reason: 'follower' },
    ]);
    await expect(follow.execute('default', ref('a'), { email: 'lars@example.org' })).resolves.toMatchObject({
      viewer: { partyId: lars.id },
    });
  });

  it("answers a stranger's contact as no such case, whoever else follows it", async () => {
    const { record, follow, a } = setup();
    const lars = record.addCitizen({}, [{ kind: 'email', value: 'lars@example.org' }]);
    await record.caseRepository.subscribe([{ caseId: a.id, partyId: lars.id, reason: 'follower' }]);
    for (const lookUp of [
      () => follow.execute('default', ref('a'), { email: 'mallory@example.org' }),
      () => follow.asReporter('default', ref('a'), { email: 'mallory@example.org' }),
      () => follow.followed('default', ref('a'), { phone: '+447700900555' }),
    ])
      await expect(lookUp()).rejects.toMatchObject({ kind: 'not-found', code: 'case.not-found' });
  });

  it('answers a wrong second factor exactly as no such case', async () => {
    const { follow } = setup();
    const wrong = await follow
      .execute('default', ref('a'), { email: 'mallory@example.org' })
      .catch((e: unknown) => e);
    const none = await follow
      .execute('default', ref('none'), { email: 'anna@example.org' })
      .catch((e: unknown) => e);
    const wrongView = await follow
      .followed('default', ref('a'), { email: 'mallory@example.org' })
      .catch((e: unknown) => e);
    expect(wrong).toMatchObject({ kind: 'not-found', code: 'case.not-found' });
    expect(none).toMatchObject({ kind: 'not-found', code: 'case.not-found' });
    expect(wrongView).toMatchObject({ kind: 'not-found', code: 'case.not-found' });
  });

  it('asks for a second factor, before the database is asked', async () => {
    const { follow, tx } = setup();
    await expect(follow.execute('default', ref('a'), {})).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ field: 'email' }],
    });
    await expect(
      follow.followed('default', 'not-a-ref', { email: 'anna@example.org' }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ field: 'reference' }],
    });
    expect(tx.snapshots).toBe(0);
  });

  it('shows its history as agents, the workflow and the notification-service wrote it, without anything internal, and the case it duplicates', async () => {
    const { record, tx, history, anna, a, follow } = setup();
    const lars = record.addCitizen({ firstName: 'Lars' }, [{ kind: 'email', value: 'lars@example.org' }]);
    const dueAt = new Date(Date.now() + 7 * 24 * 3600_000);
    const original = record.addCase({
      reference: ref('original'),
      partyId: lars.id,
      status: 'in-progress',
      resolutionDueAt: dueAt,
    });
    const agent = { actor: 'agent:jo.bloggs', channel: 'phone' as const };
    const addNote = new AddNoteUseCase(tx, record.caseRepository, history);
    const changeStatus = new ChangeStatusUseCase(tx, record.caseRepository, history);
    const link = new LinkCaseUseCase(tx, record.caseRepository, history);
    const recordMessage = new RecordOutboundMessageUseCase(
      tx,
      new FakeInbox(),
      record.caseRepository,
      record.interactionRepository,
    );
    const message = (caseId: string, citizenId: string): NotificationFactV1 => {
      const e = citizenNotifiedV1.example as NotificationFactV1;
      return {
        ...e,
        eventId: randomUUID(),
        payload: { ...e.payload, caseId, citizenId, at: new Date().toISOString() },
      } as NotificationFactV1;
    };

    await record.caseRepository.addToTimeline([
      {
        tenantId: 'default',
        caseId: a.id,
        kind: 'created',
        actor: 'citizen',
        channel: 'web',
        at: a.receivedAt,
        summary: 'Request received on the web channel',
        details: { channelDetails: { email: 'anna@example.org' } },
      },
    ]);
    await addNote.execute('default', ref('a'), {
      ...agent,
      text: 'Caller was rude to Jo',
      visibility: 'internal',
    });
    await addNote.execute('default', ref('a'), {
      ...agent,
      text: 'We will look at it this week.',
      visibility: 'shared',
    });
    await changeStatus.execute('default', ref('a'), {
      ...agent,
      status: 'in-progress',
      reason: 'Jo to check; probably a hoax',
      expectedVersion: 3,
    });
    await recordMessage.execute(message(a.id, anna.id));
    await recordMessage.execute(message(a.id, lars.id));
    await link.execute('default', ref('a'), {
      ...agent,
      kind: 'duplicate-of',
      toReference: ref('original'),
      reason: 'Lars reported it first',
      expectedVersion: 4,
    });

    const { case: c, view } = await follow.followed('default', ref('a'), { email: 'anna@example.org' });
    expect(c.status).toBe('duplicate');
    expect(view.timeline.map((t) => [t.kind, t.text])).toEqual([
      ['created', 'Your request was received online.'],
      ['note-added', 'We will look at it this week.'],
      ['status-changed', 'Status changed from open to in progress.'],
      ['message-sent', 'An email was sent to you.'],
      ['status-changed', 'Status changed from in progress to duplicate.'],
      [
        'linked',
        `Joined to ${ref('original')}, an earlier report of the same problem: you will hear about that one.`,
      ],
    ]);
    expect(view).toMatchObject({
      expectedBy: null,
      firstResponseBy: null,
      duplicateOf: { reference: ref('original'), status: 'in-progress', expectedBy: dueAt.toISOString() },
    });
    const shown = JSON.stringify(view);
    for (const secret of ['rude', 'hoax', 'Lars', 'lars', 'jo.bloggs', 'Jo ', 'agent', original.id, lars.id])
      expect(shown).not.toContain(secret);
    expect(tx.snapshots).toBe(1);
    expect(
      followedRequestSchema.safeParse({
        reference: c.reference,
        citizenId: c.partyId,
        service: c.serviceCode,
        status: c.status,
        receivedAt: c.receivedAt.toISOString(),
        summary: 'Your pothole request was joined to an earlier report.',
        ...view,
      }).success,
    ).toBe(true);
  });
});
