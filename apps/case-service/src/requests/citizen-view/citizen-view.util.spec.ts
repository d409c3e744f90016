import { citizenCaseViewSchema, type CaseStatus } from '@city/contracts';
import { CaseRecord } from '../../record/case.entity';
import { CaseSatisfaction } from '../../record/case-satisfaction.entity';
import { TimelineEntry } from '../../record/timeline-entry.entity';
import { citizenCaseView, citizenTimeline, type CitizenViewer } from './citizen-view.util';

const ANNA = '7a0c9a44-1c1e-4a55-9d59-3f1f0b2f0a01';
const LARS = '7a0c9a44-1c1e-4a55-9d59-3f1f0b2f0a02';
const ORIGINAL = '7a0c9a44-1c1e-4a55-9d59-3f1f0b2f0a03';
const OTHER_REPORT = '7a0c9a44-1c1e-4a55-9d59-3f1f0b2f0a04';

let serial = 0;
/** An entry as its writer stores it (actor, channel, summary and details), at minute `m` of 1 March. */
const entry = (m: number, fields: Partial<TimelineEntry> & Pick<TimelineEntry, 'kind'>): TimelineEntry =>
  Object.assign(new TimelineEntry(), {
    id: String(++serial),
    tenantId: 'default',
    caseId: 'case-1',
    actor: 'agent:jo.bloggs',
    channel: null,
    at: new Date(Date.UTC(2026, 2, 1, 9, m)),
    summary: '',
    details: {},
    ...fields,
  });
const at = (m: number) => new Date(Date.UTC(2026, 2, 1, 9, m)).toISOString();

const viewer = (over: Partial<CitizenViewer> = {}): CitizenViewer => ({
  citizenIds: new Set([ANNA]),
  ownCase: true,
  references: new Map(),
  ...over,
});

/** A case's whole history, every writer's kind of entry, given out of order. */
const history = (): TimelineEntry[] => [
  entry(40, {
    kind: 'message-sent',
    actor: 'notification-service',
    channel: 'sms',
    summary: 'Text message sent to +447700900999: Your pothole request',
    details: { template: 'case-updated', citizenId: LARS, deliveryId: 'd-2' },
  }),
  entry(0, {
    kind: 'created',
    actor: 'citizen',
    channel: 'web',
    summary: 'Request received on the web channel',
    details: { eventId: 'e-1', channelDetails: { email: 'anna@example.org', ip: '203.0.113.7' } },
  }),
  entry(1, {
    kind: 'routed',
    actor: 'workflow-service',
    summary: 'Routed to highways at priority 3 (rule pothole)',
  }),
  entry(2, { kind: 'assigned', actor: 'agent:jo.bloggs', summary: 'Assigned to Jo Bloggs (take-next)' }),
  entry(3, { kind: 'due-times-set', actor: 'workflow-service', summary: 'Resolution due 8 March' }),
  entry(10, {
    kind: 'note-added',
    summary: 'Internal note: caller was abusive on the phone, Jo Bloggs',
    details: {
      change: 'note-added',
      visibility: 'internal',
      text: 'caller was abusive on the phone, Jo Bloggs',
    },
  }),
  entry(11, {
    kind: 'note-added',
    summary: 'A crew is booked for Tuesday morning.',
    details: { change: 'note-added', visibility: 'shared', text: 'A crew is booked for Tuesday morning.' },
  }),
  // A note without the marking (as no writer stores it): never taken as shared, whatever its summary.
  entry(12, {
    kind: 'note-added',
    summary: 'Looks like a hoax to me',
    details: { text: 'Looks like a hoax to me' },
  }),
  entry(20, {
    kind: 'status-changed',
    summary: 'open → in-progress: Jo Bloggs to inspect; citizen sounds unreliable',
    details: {
      change: 'status-changed',
      from: 'open',
      to: 'in-progress',
      reason: 'Jo Bloggs to inspect; citizen sounds unreliable',
    },
  }),
  entry(21, { kind: 'sla-warning', actor: 'workflow-service', summary: '80% of the resolution time used' }),
  entry(22, { kind: 'sla-breached', actor: 'workflow-service', summary: 'escalated to supervisor:sam' }),
  entry(25, {
    kind: 'linked',
    actor: 'case-service',
    channel: 'kiosk',
    summary: 'Reported again as ZZZZ-ZZZZ-ZZZ on the kiosk channel (12 m away)',
    details: { duplicate: OTHER_REPORT },
  }),
  entry(30, {
    kind: 'message-sent',
    actor: 'notification-service',
    channel: 'email',
    summary: 'Email sent to anna@example.org: Your pothole request is being worked on',
    details: { template: 'case-updated', citizenId: ANNA, deliveryId: 'd-1' },
  }),
  entry(31, {
    kind: 'message-not-sent',
    actor: 'notification-service',
    channel: 'sms',
    summary: 'Text message "case-updated" not sent: the citizen opted out of updates',
    details: { template: 'case-updated', citizenId: ANNA, reason: 'opted-out' },
  }),
  entry(35, {
    kind: 'contact',
    actor: 'clerk:clerk-3',
    channel: 'counter',
    summary: 'Counter visit P012 at town-hall, counter 4, with clerk-3',
  }),
  entry(36, { kind: 'citizen-merged', actor: 'agent:jo.bloggs', summary: 'Citizen record of Anna merged' }),
  entry(15, {
    kind: 'citizen-replied',
    actor: 'citizen',
    channel: 'web',
    summary: 'The citizen replied: 2 documents and a message',
    details: {
      documents: [
        { id: 'doc-1', name: 'tenancy-agreement-flat-4b.pdf', contentType: 'application/pdf', size: 48213 },
        { id: 'doc-2', name: 'IMG_0042.heic', contentType: 'image/heic', size: 1048576 },
      ],
      message: 'My landlord is Mr Smith, call him on 07700 900555',
    },
  }),
];

describe('what a citizen sees of a case timeline', () => {
  it('is their request, status changes, shared notes and messages to them, oldest first, in words of its own', () => {
    expect(citizenTimeline(history(), viewer())).toEqual([
      { at: at(0), kind: 'created', text: 'Your request was received online.', facts: { channel: 'web' } },
      { at: at(11), kind: 'note-added', text: 'A crew is booked for Tuesday morning.', facts: {} },
      {
        at: at(15),
        kind: 'citizen-replied',
        text: 'You sent 2 documents and a message.',
        facts: { documents: 2, message: true },
      },
      {
        at: at(20),
        kind: 'status-changed',
        text: 'Status changed from open to in progress.',
        facts: { from: 'open', to: 'in-progress' },
      },
      { at: at(30), kind: 'message-sent', text: 'An email was sent to you.', facts: { medium: 'email' } },
    ]);
  });

  it('counts what a citizen sent in a reply, and a reply with nothing countable is not shown', () => {
    const reply = (details: Record<string, unknown>) =>
      citizenTimeline([entry(0, { kind: 'citizen-replied', actor: 'citizen', details })], viewer());
    const pdf = { id: 'doc-1', name: 'a.pdf', contentType: 'application/pdf', size: 1 };
    expect(reply({ documents: [pdf], message: null })).toEqual([
      {
        at: at(0),
        kind: 'citizen-replied',
        text: 'You sent a document.',
        facts: { documents: 1, message: false },
      },
    ]);
    expect(reply({ documents: [], message: 'Here it is' })).toEqual([
      {
        at: at(0),
        kind: 'citizen-replied',
        text: 'You sent a message.',
        facts: { documents: 0, message: true },
      },
    ]);
    expect(reply({ documents: [pdf, pdf, pdf], message: 'Three photos' })[0].text).toBe(
      'You sent 3 documents and a message.',
    );
    expect(reply({})).toEqual([]);
  });

  it('never shows an internal note, a reason typed with a change, an actor, an address, or anyone else', () => {
    const shown = JSON.stringify(citizenTimeline(history(), viewer()));
    for (const secret of [
      'abusive', // the internal note
      'Internal note',
      'hoax', // a note not marked shared
      'unreliable', // the reason typed with a status change
      'Jo Bloggs',
      'jo.bloggs',
      'agent',
      'clerk',
      'supervisor',
      'workflow',
      'notification-service',
      'anna@example.org', // a message's address and the request's channel details
      '203.0.113.7',
      '+44',
      LARS,
      OTHER_REPORT,
      'ZZZZ', // another citizen's report joined to this one
      'landlord', // the message of a reply, and the names of its files
      'tenancy-agreement',
      'IMG_0042',
    ])
      expect(shown).not.toContain(secret);
  });

  it("of a request they follow (not theirs), neither its reporter's received line nor the messages sent to others", () => {
    const seen = citizenTimeline(history(), viewer({ citizenIds: new Set([LARS]), ownCase: false }));
    expect(seen.map((t) => [t.kind, t.text])).toEqual([
      ['note-added', 'A crew is booked for Tuesday morning.'],
      ['status-changed', 'Status changed from open to in progress.'],
      ['message-sent', 'A text message was sent to you.'],
    ]);
  });

  it('names the earlier report theirs was joined to, by the intake or by an agent, and no related case', () => {
    const references = new Map([[ORIGINAL, 'EA49-HVS1-TVR']]);
    const joined =
      'Joined to EA49-HVS1-TVR, an earlier report of the same problem: you will hear about that one.';
    const byIntake = entry(0, {
      kind: 'linked',
      actor: 'case-service',
      summary: 'Same problem as EA49-HVS1-TVR (12 m away); you will hear about that one',
      details: { duplicateOf: ORIGINAL, distanceMetres: 12 },
    });
    const byAgent = entry(1, {
      kind: 'linked',
      summary: 'Duplicate of EA49-HVS1-TVR',
      details: { change: 'linked', kind: 'duplicate-of', toCaseId: ORIGINAL, toReference: 'EA49-HVS1-TVR' },
    });
    const related = entry(2, {
      kind: 'linked',
      summary: 'Related to ZZZZ-ZZZZ-ZZZ',
      details: { change: 'linked', kind: 'related-to', toCaseId: OTHER_REPORT, toReference: 'ZZZZ-ZZZZ-ZZZ' },
    });
    const unknown = entry(3, { kind: 'linked', details: { duplicateOf: OTHER_REPORT } });
    expect(citizenTimeline([byIntake, byAgent, related, unknown], viewer({ references }))).toEqual([
      { at: at(0), kind: 'linked', text: joined, facts: { reference: 'EA49-HVS1-TVR' } },
      { at: at(1), kind: 'linked', text: joined, facts: { reference: 'EA49-HVS1-TVR' } },
    ]);
  });
});

describe("what a citizen sees of a case's due times and the case it duplicates", () => {
  const due = {
    firstResponseDueAt: new Date('2026-03-02T09:00:00Z'),
    resolutionDueAt: new Date('2026-03-08T17:00:00Z'),
  };
  const aCase = (fields: Partial<CaseRecord>) =>
    Object.assign(new CaseRecord(), {
      id: 'case-1',
      tenantId: 'default',
      reference: 'ABCD-EFGH-JKM',
      status: 'open',
      duplicateOf: null,
      ...due,
      ...fields,
    });

  it('gives the due times while the case is being dealt with', () => {
    const view = citizenCaseView(aCase({ status: 'in-progress' }), [], null, viewer());
    expect(view).toEqual({
      expectedBy: '2026-03-08T17:00:00.000Z',
      firstResponseBy: '2026-03-02T09:00:00.000Z',
      reopenUntil: null,
      satisfaction: null,
      timeline: [],
      duplicateOf: null,
    });
    expect(citizenCaseViewSchema.parse(view)).toEqual(view);
    expect(
      citizenCaseView(aCase({ resolutionDueAt: null, firstResponseDueAt: null }), [], null, viewer()),
    ).toMatchObject({
      expectedBy: null,
      firstResponseBy: null,
    });
  });

  it.each<CaseStatus>(['resolved', 'closed', 'duplicate', 'withdrawn', 'not-our-responsibility'])(
    'none once it is %s',
    (status) => {
      expect(citizenCaseView(aCase({ status }), [], null, viewer())).toMatchObject({
        expectedBy: null,
        firstResponseBy: null,
      });
    },
  );

  it('says until when its citizen may reopen it, only while it is resolved and only to the one who made it', () => {
    const closesAt = new Date('2026-04-12T09:00:00Z');
    const view = citizenCaseView(aCase({ status: 'resolved', closesAt }), [], null, viewer());
    expect(view.reopenUntil).toBe('2026-04-12T09:00:00.000Z');
    expect(citizenCaseViewSchema.parse(view)).toEqual(view);
    // Not yet said by the workflow; reopened (or moved on otherwise); closed; a follower's view.
    expect(
      citizenCaseView(aCase({ status: 'resolved', closesAt: null }), [], null, viewer()).reopenUntil,
    ).toBeNull();
    for (const status of ['open', 'closed'] as const)
      expect(citizenCaseView(aCase({ status, closesAt }), [], null, viewer()).reopenUntil).toBeNull();
    expect(
      citizenCaseView(aCase({ status: 'resolved', closesAt }), [], null, viewer({ ownCase: false }))
        .reopenUntil,
    ).toBeNull();
  });

  it("a duplicate gives the original's reference, status and expected date (none once that one is resolved)", () => {
    const dup = aCase({ status: 'duplicate', duplicateOf: ORIGINAL });
    const original = aCase({ id: ORIGINAL, reference: 'EA49-HVS1-TVR', status: 'in-progress' });
    const view = citizenCaseView(dup, [], original, viewer());
    expect(view.duplicateOf).toEqual({
      reference: 'EA49-HVS1-TVR',
      status: 'in-progress',
      expectedBy: '2026-03-08T17:00:00.000Z',
    });
    expect(citizenCaseViewSchema.parse(view)).toEqual(view);
    expect(
      citizenCaseView(dup, [], Object.assign(original, { status: 'resolved' }), viewer()).duplicateOf,
    ).toEqual({ reference: 'EA49-HVS1-TVR', status: 'resolved', expectedBy: null });
    // A case given that is not the one it duplicates is not shown as its original.
    expect(citizenCaseView(aCase({}), [], original, viewer()).duplicateOf).toBeNull();
  });

  it('puts the satisfaction question to the one who made it once it was resolved, with their answer, open for 30 days', () => {
    const resolvedAt = new Date(Date.UTC(2026, 2, 1, 9, 30));
    const changes = [
      entry(30, {
        kind: 'status-changed',
        details: { change: 'status-changed', from: 'open', to: 'resolved' },
      }),
    ];
    const answer = Object.assign(new CaseSatisfaction(), {
      caseId: 'case-1',
      tenantId: 'default',
      score: 2,
      via: 'sms',
      answeredAt: new Date('2026-03-02T08:00:00Z'),
    });
    const day = (d: number) => new Date(resolvedAt.getTime() + d * 86_400_000);
    const view = citizenCaseView(aCase({ status: 'closed' }), changes, null, viewer(), answer, day(3));
    expect(view.satisfaction).toEqual({
      open: true,
      openUntil: day(30).toISOString(),
      answer: { score: 2, via: 'sms', at: '2026-03-02T08:00:00.000Z' },
    });
    expect(citizenCaseViewSchema.parse(view)).toEqual(view);
    expect(
      citizenCaseView(aCase({ status: 'closed' }), changes, null, viewer(), null, day(30)).satisfaction,
    ).toEqual({ open: false, openUntil: day(30).toISOString(), answer: null });
    // Not resolved yet; a follower's view; a duplicate.
    expect(citizenCaseView(aCase({ status: 'in-progress' }), [], null, viewer()).satisfaction).toBeNull();
    expect(
      citizenCaseView(aCase({ status: 'resolved' }), changes, null, viewer({ ownCase: false })).satisfaction,
    ).toBeNull();
    expect(citizenCaseView(aCase({ status: 'duplicate' }), changes, null, viewer()).satisfaction).toBeNull();
  });
});
