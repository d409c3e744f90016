import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import { asUser, moveCase, readableTopics, until, type WholeSystem } from '@city/platform-testing';
import { BROKERS, DB, postJson, SystemRun } from './system';

/** This run's master key of the data keys that seal personal events. */
const MASTER_KEY = randomBytes(32).toString('base64');

interface Export {
  format: string;
  requestedBy: { actor: string; identityCheck: string | null };
  citizen: { id: string; firstName: string | null; contacts: Array<{ kind: string; value: string }> } | null;
  cases: Array<{ reference: string; description: string | null; timeline: Array<{ kind: string }> }>;
  readsOfTheirData: Array<{ actor: string; action: string }>;
  heldElsewhere: Array<
    | {
        service: 'notification-service';
        messages: Array<{ address: string | null; subject: string; text: string }>;
      }
    | {
        service: 'workflow-service';
        counterTickets: Array<{ contact: { email: string | null } | null }>;
        workflowRuns: Array<{ reference: string; address: string | null }>;
      }
  >;
}

/** Anna as a search for her would look: her email, her name, her address and her words. */
const ANNA = [
  'anna@example.org',
  'Anna de Vries',
  'de Vries',
  'Coolsingel 12',
  'A deep hole outside number 12',
];

/**
 * A citizen's right of access, across the five services (docs/personal-data.md): Anna reports a
 * pothole signed in, takes a ticket at the town hall, hears back by email; then her export, asked by
 * herself and by a clerk who checked her identity, holds her record, her case and its timeline, the
 * messages the notification-service sent her, her ticket and what her case's workflow keeps, and who
 * read her data, each gathered by the case-service with its own credentials from Keycloak. Real
 * Kafka, Postgres, Redis and Keycloak.
 */
describe("a citizen's export of their personal data, across the services", () => {
  const run = new SystemRun('gdpr', {
    // The demo's two cities, as `npm run up` serves them: Göteborg's staff must not find her. Their
    // logs at the level a deployment runs at, kept to be searched for her.
    env: { CITIES: 'default,other-city', LOG_LEVEL: 'info' },
    // Personal events on Kafka sealed, as a deployment runs (docs/personal-data.md).
    privacyMasterKey: MASTER_KEY,
    captureOutput: true,
  });
  const { prefix, mail } = run;
  let system: WholeSystem;
  let reference: string;

  beforeAll(async () => {
    system = await run.start();

    // Anna reports a pothole signed in, in the demo city.
    const res = await postJson(
      `${system.url('intake-gateway')}/api/v1/requests`,
      {
        serviceCode: 'pothole',
        description: 'A deep hole outside number 12',
        attributes: { depth: 'deep', 'road-type': 'carriageway', hazard: 'no' },
        location: { lat: 51.92, long: 4.48, address: 'Coolsingel 12, Rotterdam' },
        contact: { firstName: 'Anna' },
      },
      await asUser('anna'),
    );
    expect(res.status).toBe(202);
    reference = ((await res.json()) as { reference: string }).reference;
    // Her acknowledgement goes out; she takes a ticket at the town hall, leaving her email.
    await mail.waitFor((m) => m.to.includes('anna@example.org') && m.subject.includes(reference), 30_000);
    const ticket = await postJson(
      `${system.url('workflow-service')}/api/v1/counters/town-hall/tickets`,
      { email: 'anna@example.org' },
      { 'X-City': 'default' }, // the ticket machine's city
    );
    expect(ticket.status).toBe(201);
  }, 240_000);

  afterAll(async () => {
    await run.stop();
  });

  const mine = async () =>
    fetch(`${system.url('case-service')}/api/v1/me/personal-data`, { headers: await asUser('anna') });

  it('gives the signed-in citizen everything held about her, from every service, as a file', async () => {
    // The case, its workflow run and the acknowledgement's delivery are each written a moment after the
    // fact that made them (the mail server has the message before its delivery is recorded).
    const { res, out } = await until(
      'her export with her case, its workflow and the acknowledgement',
      async () => {
        const r = await mine();
        return { res: r, out: r.status === 200 ? ((await r.json()) as Export) : null };
      },
      ({ out: o }) => {
        const notes = o?.heldElsewhere.find((h) => h.service === 'notification-service');
        const work = o?.heldElsewhere.find((h) => h.service === 'workflow-service');
        return (
          o?.cases.length === 1 &&
          notes?.service === 'notification-service' &&
          notes.messages.some((m) => m.subject.includes(reference)) &&
          work?.service === 'workflow-service' &&
          work.workflowRuns.length === 1
        );
      },
      30_000,
    );
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="personal-data.json"');
    if (!out) throw new Error('no export'); // the wait above passed only with one
    expect(out.format).toBe('omnichannel-city/personal-data-export');
    expect(out.requestedBy).toEqual({ actor: 'citizen:anna', identityCheck: null });
    expect(out.citizen?.contacts).toEqual(
      expect.arrayContaining([{ kind: 'email', value: 'anna@example.org' }]),
    );
    expect(out.cases.map((c) => [c.reference, c.description])).toEqual([
      [reference, 'A deep hole outside number 12'],
    ]);
    expect(out.cases[0].timeline.map((t) => t.kind)).toContain('created');
    const notes = out.heldElsewhere.find((h) => h.service === 'notification-service');
    expect(notes?.service === 'notification-service' && notes.messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ address: 'anna@example.org', subject: expect.stringContaining(reference) }),
      ]),
    );
    const work = out.heldElsewhere.find((h) => h.service === 'workflow-service');
    expect(work?.service === 'workflow-service' && work.counterTickets).toEqual([
      expect.objectContaining({ contact: { email: 'anna@example.org', phone: null } }),
    ]);
    expect(work?.service === 'workflow-service' && work.workflowRuns).toEqual([
      expect.objectContaining({ reference, address: 'Coolsingel 12, Rotterdam' }),
    ]);
  }, 60_000);

  it('gives it to a clerk for her once they name the identity check, shows the reads of her data, and to no one else', async () => {
    const citizenId = ((await (await mine()).json()) as Export).citizen!.id;
    const ask = async (user: Parameters<typeof asUser>[0], body: unknown) =>
      postJson(
        `${system.url('case-service')}/api/v1/citizens/${citizenId}/personal-data`,
        body,
        await asUser(user),
      );

    // Without saying how they checked who is asking: refused, naming the field.
    const unchecked = await ask('clerk-9', {});
    expect(unchecked.status).toBe(400);
    expect(JSON.stringify(await unchecked.json())).toContain('identityCheck');

    // An agent reads her case first: the read shows on her export.
    expect(
      (
        await fetch(`${system.url('case-service')}/api/v1/cases/${reference}`, {
          headers: await asUser('agent-17'),
        })
      ).status,
    ).toBe(200);
    // Another looks for her email among withdrawn requests and finds none: the search still shows on
    // her export (the audit keeps the email hashed; her export finds it by the same hash).
    const search = await fetch(
      `${system.url('case-service')}/api/v1/cases?email=anna%40example.org&status=withdrawn`,
      { headers: await asUser('agent-18') },
    );
    expect(((await search.json()) as { count: number }).count).toBe(0);
    const res = await ask('clerk-9', { identityCheck: 'photo-id' });
    expect(res.status).toBe(200);
    const out = (await res.json()) as Export;
    expect(out.requestedBy).toEqual({ actor: 'clerk:clerk-9', identityCheck: 'photo-id' });
    expect(out.cases.map((c) => c.reference)).toEqual([reference]);
    expect(out.readsOfTheirData).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: 'agent:agent-17', action: 'case.read' }),
        expect.objectContaining({ actor: 'agent:agent-18', action: 'cases.search' }),
      ]),
    );

    // Another city's staff do not find her; a citizen cannot ask for someone's by id.
    expect((await ask('agent-other', { identityCheck: 'photo-id' })).status).toBe(404);
    expect((await ask('lars', { identityCheck: 'photo-id' })).status).toBe(403);

    // The export itself is audited, with the check named.
    const reads = (await (
      await fetch(`${system.url('case-service')}/api/v1/audit/reads?action=personal-data.export`, {
        headers: await asUser('admin-1'),
      })
    ).json()) as { reads: Array<{ actor: string; subject: string }> };
    expect(reads.reads).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: 'clerk:clerk-9', subject: `${citizenId} (identity: photo-id)` }),
        expect.objectContaining({ actor: 'citizen:anna', subject: 'self-service' }),
      ]),
    );
  }, 60_000);

  it("restricts Lars's record on an administrator's word: kept and shown to staff, no message about his earlier request, no merge, no staff change; lifted once he was told", async () => {
    const caseService = system.url('case-service');
    // Each somewhere of its own: not a duplicate of another (nor of his request the next test makes).
    const submit = async (description: string, lat: number, address: string) => {
      const res = await postJson(
        `${system.url('intake-gateway')}/api/v1/requests`,
        {
          serviceCode: 'pothole',
          description,
          attributes: { depth: 'deep', 'road-type': 'cycle-lane', hazard: 'no' },
          location: { lat, long: 4.4, address },
          contact: { firstName: 'Lars' },
        },
        await asUser('lars'),
      );
      expect(res.status).toBe(202);
      const { reference: made } = (await res.json()) as { reference: string };
      await mail.waitFor((m) => m.to.includes('lars@example.org') && m.subject.includes(made), 30_000);
      return made;
    };
    const earlier = await submit('A loose kerbstone', 51.96, 'Kleiweg 100, Rotterdam');
    const larsId = (
      (await (
        await fetch(`${caseService}/api/v1/me/personal-data`, { headers: await asUser('lars') })
      ).json()) as Export
    ).citizen!.id;
    const annaId = ((await (await mine()).json()) as Export).citizen!.id;
    const restrict = async (user: Parameters<typeof asUser>[0], body: unknown) =>
      postJson(`${caseService}/api/v1/citizens/${larsId}/restriction`, body, await asUser(user));
    const lift = async (body: unknown, user: Parameters<typeof asUser>[0] = 'admin-1') =>
      postJson(`${caseService}/api/v1/citizens/${larsId}/restriction/lift`, body, await asUser(user));

    // Only an administrator, naming a ground of article 18.
    expect((await restrict('agent-17', { ground: 'accuracy-contested' })).status).toBe(403);
    expect((await restrict('admin-1', { ground: 'because' })).status).toBe(400);
    const restricted = await restrict('admin-1', { ground: 'accuracy-contested' });
    expect(restricted.status).toBe(200);
    const restriction = (await restricted.json()) as { restrictedAt: string };
    expect(restriction).toMatchObject({ ground: 'accuracy-contested', restrictedBy: 'admin:admin-1' });

    // Kept, and staff see it: on his record and on his request.
    const asAgent = async (path: string) =>
      (await fetch(`${caseService}${path}`, { headers: await asUser('agent-17') })).json() as Promise<{
        citizen: { restriction: { ground: string } | null; firstName: string | null };
      }>;
    expect((await asAgent(`/api/v1/citizens/${larsId}`)).citizen).toMatchObject({
      firstName: 'Lars',
      restriction: { ground: 'accuracy-contested' },
    });
    expect((await asAgent(`/api/v1/cases/${earlier}`)).citizen.restriction).toMatchObject({
      ground: 'accuracy-contested',
    });
    // No merge with another record, no staff change to how he hears from the city.
    const merge = await postJson(
      `${caseService}/api/v1/citizens/${larsId}/merges`,
      { mergeCitizenId: annaId, reason: 'Same person?' },
      await asUser('agent-17'),
    );
    expect(merge.status).toBe(409);
    const preferences = async (consentUpdates: boolean) =>
      fetch(`${caseService}/api/v1/citizens/${larsId}/preferences`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...(await asUser('agent-17')) } as never,
        body: JSON.stringify({ consentUpdates, reason: 'asked on the phone' }),
      });
    expect((await preferences(false)).status).toBe(409);

    // His earlier request is resolved: the message it owes goes to no one. A request he makes now is
    // his as usual: its acknowledgement reaches him.
    await until(
      'his earlier request routed',
      async () => (await asAgent(`/api/v1/cases/${earlier}`)) as unknown as { case?: { status: string } },
      (r) => r.case?.status === 'open',
      30_000,
    );
    expect(await moveCase(caseService, earlier, { status: 'resolved', reason: 'Kerb reset' })).toBe(200);
    const later = await submit('A sunken drain cover', 51.98, 'Straatweg 50, Rotterdam');
    const db = new Client({ connectionString: DB });
    await db.connect();
    try {
      const owed = await until(
        'the messages his resolved request owes, handled',
        async () =>
          (
            await db.query<{ state: string; deliveries: string }>(
              `SELECT n.state, (SELECT count(*) FROM "${system.schemas.notifications}".deliveries d WHERE d.notification_id = n.id) AS deliveries
                 FROM "${system.schemas.notifications}".notifications n
                WHERE n.reference = $1 AND n.requested_at > $2`,
              [earlier, new Date(restriction.restrictedAt)],
            )
          ).rows,
        (rows) => rows.length > 0 && rows.every((r) => r.state === 'done'),
        30_000,
      );
      expect(owed.map((r) => Number(r.deliveries))).toEqual(owed.map(() => 0));
    } finally {
      await db.end();
    }
    expect(mail.mails.filter((m) => m.subject.includes(earlier) && m.subject.startsWith('Fixed'))).toEqual(
      [],
    );

    // The retention run passes his requests by while it holds (a restriction for legal claims keeps them):
    // his earlier request, finished two years and a day ago as far as the record knows, stays whole.
    const age = async (interval: string) => {
      const c = new Client({ connectionString: DB });
      await c.connect();
      await c.query(
        `UPDATE "${system.schemas.cases}".cases SET updated_at = now() - $2::interval WHERE reference = $1`,
        [earlier, interval],
      );
      await c.end();
    };
    await age('731 days');
    const run = await fetch(`${caseService}/api/v1/retention/runs`, {
      method: 'POST',
      headers: await asUser('admin-1'),
    });
    expect(((await run.json()) as { cases: number }).cases).toBe(0);
    expect(
      ((await asAgent(`/api/v1/cases/${earlier}`)) as unknown as { case: { description: string } }).case,
    ).toMatchObject({ description: 'A loose kerbstone' });
    await age('0 days');

    // Lifted once he was told (not on a day still to come); then used as before.
    const today = new Date().toISOString().slice(0, 10);
    // Only an administrator lifts it, and not another city's.
    expect((await lift({ told: { by: 'letter', on: today } }, 'supervisor-1')).status).toBe(403);
    expect((await lift({ told: { by: 'letter', on: today } }, 'admin-other')).status).toBe(404);
    expect((await lift({})).status).toBe(400);
    expect((await lift({ told: { by: 'letter', on: '2999-01-01' } })).status).toBe(400);
    expect((await lift({ told: { by: 'letter', on: today } })).status).toBe(200);
    expect((await lift({ told: { by: 'letter', on: today } })).status).toBe(409);
    expect((await asAgent(`/api/v1/citizens/${larsId}`)).citizen.restriction).toBeNull();
    expect((await preferences(true)).status).toBe(200);
    // Both steps audited, with who and why.
    for (const [action, subject] of [
      ['personal-data.restriction', `${larsId} (ground: accuracy-contested)`],
      ['personal-data.restriction-lifted', larsId],
    ]) {
      const audit = (await (
        await fetch(`${caseService}/api/v1/audit/reads?action=${action}`, {
          headers: await asUser('admin-1'),
        })
      ).json()) as { reads: Array<{ actor: string; subject: string }> };
      expect(audit.reads).toEqual(
        expect.arrayContaining([expect.objectContaining({ actor: 'admin:admin-1', subject })]),
      );
    }
    expect(later).not.toBe(earlier);
  }, 120_000);

  /** Where, in every table of the run's four services, these (a citizen's email, name, address or words) are. */
  const whereIs = async (needles: readonly string[]): Promise<string[]> => {
    const db = new Client({ connectionString: DB });
    await db.connect();
    const found: string[] = [];
    try {
      const tables = await db.query<{ schema: string; name: string }>(
        `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
          WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE'`,
        [Object.values(system.schemas)],
      );
      expect(tables.rows.length).toBeGreaterThan(20);
      for (const t of tables.rows)
        for (const needle of needles) {
          const r = await db.query<{ n: string }>(
            `SELECT count(*) AS n FROM "${t.schema}"."${t.name}" x WHERE x::text ILIKE '%' || $1 || '%'`,
            [needle],
          );
          if (Number(r.rows[0].n) > 0) found.push(`${t.name}: ${needle}`);
        }
    } finally {
      await db.end();
    }
    return found;
  };

  /**
   * Where, on every topic of the run (dead letters and keys included), these are, for anyone holding
   * the broker and the master key: sealed events opened with the keys still there.
   */
  const whereOnKafka = async (needles: readonly string[]) => {
    const messages = await readableTopics(BROKERS, prefix, MASTER_KEY);
    expect(messages.length).toBeGreaterThan(20);
    const found = new Set<string>();
    for (const m of messages)
      for (const needle of needles) if (m.text.includes(needle)) found.add(`${m.topic}: ${needle}`);
    return { found: [...found].sort(), unreadable: messages.filter((m) => m.unreadable).length };
  };

  /**
   * Where, in Redis, among the run's keys (the gateway's idempotency records, every service's job
   * queues, the rate limits' counters), these are: Redis is to hold nothing personal at all.
   */
  const whereInRedis = async (needles: readonly string[]) => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const found = new Set<string>();
    let keys = 0;
    try {
      for (const pattern of [
        `${prefix}*`,
        ...Object.values(system.schemas).map((schema) => `q-${schema}*`),
        'rate-limit:*',
      ])
        for await (const batch of redis.scanStream({ match: pattern, count: 500 }) as AsyncIterable<string[]>)
          for (const key of batch) {
            keys++;
            const type = await redis.type(key);
            const content =
              type === 'string'
                ? await redis.get(key)
                : type === 'hash'
                  ? JSON.stringify(await redis.hgetall(key))
                  : type === 'list'
                    ? JSON.stringify(await redis.lrange(key, 0, -1))
                    : type === 'set'
                      ? JSON.stringify(await redis.smembers(key))
                      : type === 'zset'
                        ? JSON.stringify(await redis.zrange(key, 0, -1))
                        : type === 'stream'
                          ? JSON.stringify(await redis.xrange(key, '-', '+'))
                          : '';
            for (const needle of needles)
              if (`${key} ${content}`.includes(needle)) found.add(`${key}: ${needle}`);
          }
    } finally {
      redis.disconnect();
    }
    return { found: [...found].sort(), keys };
  };

  it("erases her on an administrator's word: refused while her request is open, then nothing of her in any table of the run", async () => {
    const caseService = system.url('case-service');
    const citizenId = ((await (await mine()).json()) as Export).citizen!.id;
    const erase = async (user: Parameters<typeof asUser>[0], body: unknown) =>
      postJson(`${caseService}/api/v1/citizens/${citizenId}/erasure`, body, await asUser(user));

    // An agent looks her up by her email (the audit, kept for good, keeps the search hashed).
    const search = await fetch(`${caseService}/api/v1/cases?email=anna%40example.org`, {
      headers: await asUser('agent-17'),
    });
    expect(((await search.json()) as { cases: Array<{ reference: string }> }).cases).toEqual([
      expect.objectContaining({ reference }),
    ]);
    // A supervisor makes it urgent, giving a reason that speaks of her.
    const { case: open0 } = (await (
      await fetch(`${caseService}/api/v1/cases/${reference}`, { headers: await asUser('agent-17') })
    ).json()) as { case: { id: string } };
    const urgent = await postJson(
      `${system.url('workflow-service')}/api/v1/work-items/${open0.id}/priority`,
      { priority: 1, reason: 'Anna de Vries uses a wheelchair there' },
      await asUser('supervisor-1'),
    );
    expect(urgent.status).toBe(200);
    await until(
      'the priority on her case',
      async () =>
        (await (
          await fetch(`${caseService}/api/v1/cases/${reference}`, { headers: await asUser('agent-17') })
        ).json()) as { timeline: Array<{ summary: string }> },
      (r) => r.timeline.some((t) => t.summary.includes('uses a wheelchair')),
    );
    // Only an administrator, naming the ground; not while her pothole is still being worked.
    // Before: the search finds her where the services keep her.
    expect(await whereIs(ANNA)).toEqual(
      expect.arrayContaining([
        'contact_points: anna@example.org',
        'cases: Coolsingel 12',
        'deliveries: anna@example.org',
        'counter_tickets: anna@example.org',
        'timeline_entries: Anna de Vries',
      ]),
    );
    // On Kafka: her request as it arrived, her case's facts, the messages to her, in sealed events that open.
    const onKafka = await whereOnKafka(ANNA);
    expect(onKafka.found).toEqual(
      expect.arrayContaining([
        'intake.requests.v1: anna@example.org',
        'intake.requests.v1: Coolsingel 12',
        'case.events.v1: Coolsingel 12',
        'workflow.events.v1: Anna de Vries',
        'notification.events.v1: anna@example.org',
      ]),
    );
    expect(onKafka.unreadable).toBe(0);
    // In Redis, nothing of her, before as after: its keys are references, case ids and digests.
    const inRedis = await whereInRedis(ANNA);
    expect(inRedis.keys).toBeGreaterThan(10);
    expect(inRedis.found).toEqual([]);
    // (The search does find what is there: her request's reference, on the gateway's record of it.)
    expect((await whereInRedis([reference])).found).toEqual(
      expect.arrayContaining([expect.stringContaining(`${prefix}intake:`)]),
    );
    expect((await erase('agent-17', { ground: 'consent-withdrawn' })).status).toBe(403);
    expect((await erase('admin-1', {})).status).toBe(400);
    const open = await erase('admin-1', { ground: 'consent-withdrawn' });
    expect(open.status).toBe(409);
    expect(((await open.json()) as { message: string }).message).toContain(reference);
    // Resolved.
    expect(await moveCase(caseService, reference, { status: 'resolved', reason: 'Filled in' })).toBe(200);
    // An administrator erases long after the last message; here, once the ones the resolution sends
    // are out and on her record (a message on its way while she is erased is recorded without her
    // address: apps/notification-service/test/erased-subjects.int-spec.ts).
    for (const subject of ['Fixed', 'How did we do?'])
      await mail.waitFor((m) => m.to.includes('anna@example.org') && m.subject.startsWith(subject), 30_000);
    await until(
      'the message on her case',
      async () =>
        (await (
          await fetch(`${caseService}/api/v1/cases/${reference}`, { headers: await asUser('agent-17') })
        ).json()) as { timeline: Array<{ summary: string }> },
      (r) => ['Fixed', 'How did we do?'].every((x) => r.timeline.some((t) => t.summary.includes(x))),
    );

    const done = await erase('admin-1', { ground: 'consent-withdrawn' });
    expect(done.status).toBe(200);
    const report = (await done.json()) as { erased: Record<string, Record<string, number>> };
    expect(Object.keys(report.erased).sort()).toEqual([
      'case-service',
      'kafka',
      'notification-service',
      'workflow-service',
    ]);
    // The keys of her request's and her case's events, made by each service that published them.
    expect(report.erased.kafka!.dataKeys).toBeGreaterThanOrEqual(4);
    expect(report.erased['case-service']).toMatchObject({ records: 1, cases: 1 });
    expect(report.erased['workflow-service']).toMatchObject({ counterTickets: 1, workflowRuns: 1 });
    expect(report.erased['notification-service'].deliveries).toBeGreaterThanOrEqual(1);
    // Asked again: what was done, nothing more.
    expect((await (await erase('admin-1', { ground: 'objection' })).json()) as unknown).toEqual(report);

    // Her request still exists, for the figures, with nothing of her on it.
    const after = (await (
      await fetch(`${caseService}/api/v1/cases/${reference}`, { headers: await asUser('agent-17') })
    ).json()) as {
      case: { description: string | null; status: string; location: { address: string | null } };
      citizen: { firstName: string | null; contactPoints: unknown[] } | null;
    };
    expect(after.case).toMatchObject({ description: null, status: 'resolved', location: { address: null } });
    expect(after.citizen).toMatchObject({ firstName: null, contactPoints: [] });
    // Her record says when it was erased, so staff see why it is blank.
    const record = (await (
      await fetch(`${caseService}/api/v1/citizens/${citizenId}`, { headers: await asUser('agent-17') })
    ).json()) as { citizen: { erasedAt: string | null } };
    expect(Date.parse(record.citizen.erasedAt ?? '')).toBeGreaterThan(Date.now() - 10 * 60_000);

    // Every table of the run's four services: her email, her name, her address and her words, nowhere.
    const found = await whereIs(ANNA);
    expect(found).toEqual([]);
    // Nor on any topic of the run: what holds her can no longer be opened, by anyone.
    const afterOnKafka = await whereOnKafka(ANNA);
    expect(afterOnKafka.found).toEqual([]);
    expect(afterOnKafka.unreadable).toBeGreaterThan(0);
    expect((await whereInRedis(ANNA)).found).toEqual([]);
    // Nor in anything the five services logged in the whole run (at info, as deployed).
    const logs = system.output();
    expect(logs.map((l) => l.name).sort()).toHaveLength(5);
    expect(logs.reduce((n, l) => n + l.log.length, 0)).toBeGreaterThan(1_000);
    expect(
      logs.flatMap(({ name, log }) =>
        ANNA.filter((needle) => log.includes(needle)).map((n) => `${name}: ${n}`),
      ),
    ).toEqual([]);
  }, 180_000);

  it("anonymises a finished request past its service's retention in every service, on an administrator's run, and reports it", async () => {
    const caseService = system.url('case-service');
    // Lars reported a pothole long ago; it was not the city's (a finished request).
    const res = await postJson(
      `${system.url('intake-gateway')}/api/v1/requests`,
      {
        serviceCode: 'pothole',
        description: 'Tree roots lifting the pavement by the Vijverhof school',
        attributes: { depth: 'deep', 'road-type': 'cycle-lane', hazard: 'no' },
        location: { lat: 51.93, long: 4.47, address: 'Vijverhofstraat 7, Rotterdam' },
        contact: { firstName: 'Lars' },
      },
      await asUser('lars'),
    );
    expect(res.status).toBe(202);
    const old = ((await res.json()) as { reference: string }).reference;
    const LARS = ['Tree roots lifting the pavement', 'Vijverhofstraat 7', 'A school matter'];
    await until(
      'his request routed',
      async () =>
        (await (
          await fetch(`${caseService}/api/v1/cases/${old}`, { headers: await asUser('agent-17') })
        ).json()) as { case?: { status: string; version: number } },
      (r) => r.case?.status === 'open',
      30_000,
    );
    expect(
      await moveCase(caseService, old, { status: 'not-our-responsibility', reason: 'A school matter' }),
    ).toBe(200);
    // Told so (the messages of a finished request are out long before its time has passed).
    await mail.waitFor(
      (m) =>
        m.to.includes('lars@example.org') &&
        m.subject.startsWith('Not for the city') &&
        m.subject.includes(old),
      30_000,
    );
    expect(await whereIs(LARS)).toEqual(expect.arrayContaining(['cases: Vijverhofstraat 7']));
    expect((await whereOnKafka(LARS)).found).toEqual(
      expect.arrayContaining(['intake.requests.v1: Vijverhofstraat 7']),
    );
    // Two years and a day ago, as far as the record knows.
    const db = new Client({ connectionString: DB });
    await db.connect();
    await db.query(
      `UPDATE "${system.schemas.cases}".cases SET updated_at = now() - interval '731 days' WHERE reference = $1`,
      [old],
    );
    await db.end();

    const run = async (user: Parameters<typeof asUser>[0]) =>
      fetch(`${caseService}/api/v1/retention/runs`, { method: 'POST', headers: await asUser(user) });
    expect((await run('agent-17')).status).toBe(403);
    const done = await run('admin-1');
    expect(done.status).toBe(200);
    const report = (await done.json()) as {
      cases: number;
      casesByService: Record<string, number>;
      erased: Record<string, Record<string, number>>;
      ranBy: string;
    };
    expect(report).toMatchObject({
      cases: 1,
      casesByService: { pothole: 1 },
      ranBy: 'admin:admin-1',
      outcome: 'done',
    });
    expect(report.erased['workflow-service']).toMatchObject({ workflowRuns: 1 });
    expect(report.erased['notification-service'].deliveries).toBeGreaterThanOrEqual(1);
    const runs = (await (
      await fetch(`${caseService}/api/v1/retention/runs`, { headers: await asUser('admin-1') })
    ).json()) as { runs: Array<{ cases: number }> };
    expect(runs.runs[0]).toEqual(report);

    // The request is still there, for the figures; his words and place are nowhere in the run's tables.
    const after = (await (
      await fetch(`${caseService}/api/v1/cases/${old}`, { headers: await asUser('agent-17') })
    ).json()) as { case: { description: string | null; status: string } };
    expect(after.case).toMatchObject({ description: null, status: 'not-our-responsibility' });
    expect(await whereIs(LARS)).toEqual([]);
    expect((await whereOnKafka(LARS)).found).toEqual([]);
  }, 120_000);
});
