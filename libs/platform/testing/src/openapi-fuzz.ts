import fc from 'fast-check';
import { Client } from 'pg';
import { asUser, type DemoUser } from './keycloak-tokens';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  required?: string[];
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

/** Strings an attacker or a broken client sends: traversal, injections, control characters, the very long. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  "' OR '1'='1' --",
  "'; DROP TABLE cases; --",
  '"><script>alert(1)</script>',
  '{{7*7}}${7*7}',
  '${jndi:ldap://example.invalid/x}',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '🧟‍♀️🏳️‍🌈',
  'x'.repeat(10_000),
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '00000000-0000-0000-0000-000000000000',
  'EA49-HVS1-TVR',
];

const hostile = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);
const anyJson = fc.jsonValue({ maxDepth: 3 });
/** A value for a field: often the wrong type, sometimes hostile, sometimes plausible. */
const fieldValue = (s: Schema | undefined): fc.Arbitrary<unknown> =>
  fc.oneof(
    hostile,
    anyJson,
    fc.constantFrom(null, -1, 0, 2 ** 53, 1.5, true, [], {}),
    s?.enum ? fc.constantFrom(...s.enum) : fc.constant(undefined),
    s?.type === 'object' && s.properties ? objectFor(s) : fc.constant('plain'),
  );
/** An object with the schema's fields (each present or not, most with a value of the wrong kind), sometimes one more. */
function objectFor(s: Schema): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, fieldValue(v)]));
  return fc
    .tuple(fc.record(props, { requiredKeys: [] }), fc.option(fc.tuple(hostile, anyJson), { nil: undefined }))
    .map(([o, extra]) => (extra ? { ...o, [extra[0] || 'extra']: extra[1] } : o));
}

/** A body for an operation: its own shape filled with nonsense, any JSON, or bytes that are not JSON at all. */
function bodyFor(op: Operation): fc.Arbitrary<{ contentType: string; body: string | undefined }> {
  const content = op.requestBody?.content ?? {};
  const [type, media] = Object.entries(content)[0] ?? ['application/json', {}];
  const schema = media?.schema;
  const json = (v: unknown) => ({ contentType: 'application/json', body: JSON.stringify(v) });
  const form = (v: Record<string, unknown>) => ({
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams(
      Object.entries(v).map(([k, x]): [string, string] => [k, typeof x === 'string' ? x : JSON.stringify(x)]),
    ).toString(),
  });
  return fc.oneof(
    {
      weight: 4,
      arbitrary: (schema?.properties ? objectFor(schema) : anyJson).map((v) =>
        type.includes('form') ? form(v as Record<string, unknown>) : json(v),
      ),
    },
    { weight: 2, arbitrary: anyJson.map(json) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '{',
          '{"a":',
          '[1,2',
          'null',
          '\u0000\u0001',
          '<xml/>',
          '{"__proto__":{"admin":true}}',
          '{"constructor":{"prototype":{"x":1}}}',
        )
        .map((body) => ({ contentType: 'application/json', body })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x')
        .map((contentType) => ({ contentType, body: 'x=1' })),
    },
    { weight: 1, arbitrary: fc.constant({ contentType: 'application/json', body: undefined }) },
  );
}

/** A lone surrogate (which no URL can carry) as the replacement character, as a browser would send it. */
const wellFormed = (s: string) =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

export interface FuzzResult {
  inputs: number;
  operations: number;
  byStatus: Record<string, number>;
  /** What went wrong: a 5xx, a service that stopped answering, or a refused request that changed something. */
  problems: string[];
}

export interface FuzzOptions {
  url: string;
  /** Who calls: nobody, a garbage token, and real tokens of these demo users (each request one of them). */
  users: DemoUser[];
  /** Inputs per operation. */
  runs: number;
  /** The service's schema, to check that a refused request changed no row (tables named here are not compared: a refusal may be recorded). */
  database?: { url: string; schema: string; ignoreTables?: string[] };
  /**
   * Or any other picture of what the service holds, compared before and after each refused request;
   * given what was answered so far (a picture that a request accepted earlier changes a moment later,
   * such as the messages on a topic, can wait for those first).
   */
  snapshot?: (sofar: Readonly<FuzzResult>) => Promise<string>;
  seed?: number;
}

/**
 * Throws malformed and hostile input at every operation of a running service's OpenAPI document
 * (`/docs/openapi.json`), as nobody, with a forged token and with real tokens of several roles:
 * path and query parameters from traversal and injection strings to the very long, bodies in the
 * operation's own shape with fields of the wrong kind and one too many, any JSON, bytes that are not
 * JSON, the wrong content type, none. For every input: no 5xx and the service still answers; a
 * request it refused (4xx) changed no row of its schema. Returns the counts.
 */
export async function fuzzOpenApi(o: FuzzOptions): Promise<FuzzResult> {
  const doc = (await (await fetch(`${o.url}/docs/openapi.json`)).json()) as Document;
  const tokens: Array<Record<string, string>> = [
    {},
    { authorization: 'Bearer not-a-token' },
    {
      authorization:
        'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsInJlYWxtX2FjY2VzcyI6eyJyb2xlcyI6WyJhZG1pbiJdfX0.',
    },
  ];
  for (const u of o.users) tokens.push(await asUser(u));
  const db = o.database ? new Client({ connectionString: o.database.url }) : null;
  await db?.connect();
  const result: FuzzResult = { inputs: 0, operations: 0, byStatus: {}, problems: [] };
  const snapshot = async (): Promise<string> => {
    if (o.snapshot) return o.snapshot(result);
    if (!db || !o.database) return '';
    const tables = (
      await db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1`,
        [o.database.schema],
      )
    ).rows
      .map((r) => r.table_name)
      .filter((t) => !(o.database?.ignoreTables ?? []).includes(t));
    if (tables.length === 0) return '';
    const counts = await db.query(
      `SELECT ${tables.map((t, i) => `(SELECT count(*) FROM "${o.database!.schema}"."${t}") AS c${i}`).join(', ')}`,
    );
    return tables.map((t, i) => `${t}=${counts.rows[0][`c${i}`]}`).join(' ');
  };

  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  result.operations = operations.length;
  try {
    for (const { path, method, op } of operations) {
      const params = op.parameters ?? [];
      const input = fc.record({
        path: fc.record(
          Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, hostile])),
        ),
        query: fc.record(
          Object.fromEntries(
            params
              .filter((p) => p.in === 'query')
              .map((p) => [
                p.name,
                fc.oneof(
                  hostile,
                  anyJson.map((v) => JSON.stringify(v)),
                ),
              ]),
          ),
          { requiredKeys: [] },
        ),
        body: bodyFor(op),
        who: fc.nat({ max: tokens.length - 1 }),
      });
      await fc
        .assert(
          fc.asyncProperty(input, async ({ path: pv, query, body, who }) => {
            const target =
              path.replace(
                /\{(\w+)\}/g,
                (_, k: string) => encodeURIComponent(wellFormed(String(pv[k] ?? 'x'))) || '%20',
              ) +
              (Object.keys(query).length ? `?${new URLSearchParams(query as Record<string, string>)}` : '');
            const before = await snapshot();
            const withBody = !['GET', 'DELETE'].includes(method) && body.body !== undefined;
            const res = await fetch(`${o.url}${target}`, {
              method,
              headers: { ...tokens[who], ...(withBody ? { 'content-type': body.contentType } : {}) },
              body: withBody ? body.body : undefined,
              signal: AbortSignal.timeout(15_000),
            }).catch((e: Error) => e);
            result.inputs++;
            const what = `${method} ${target.slice(0, 120)} (${body.contentType}, caller ${who})`;
            if (res instanceof Error) {
              result.problems.push(`${what}: no answer (${res.message})`);
              return false;
            }
            // A stream (server-sent events) is not read to its end: its headers are the answer.
            if (res.headers.get('content-type')?.startsWith('text/event-stream')) await res.body?.cancel();
            else await res.arrayBuffer();
            result.byStatus[res.status] = (result.byStatus[res.status] ?? 0) + 1;
            // A 503 with Retry-After is a designed answer, not a crash: a route whose answer needs
            // another service (a citizen's export) says so when the fuzzed service runs alone.
            const outage = res.status === 503 && res.headers.has('retry-after');
            if (res.status >= 500 && !outage) {
              result.problems.push(`${what}: ${res.status}`);
              return false;
            }
            if (res.status >= 400) {
              const after = await snapshot();
              if (after !== before) {
                result.problems.push(`${what}: refused with ${res.status} but changed ${before} -> ${after}`);
                return false;
              }
            }
            return true;
          }),
          { numRuns: o.runs, seed: o.seed, endOnFailure: true },
        )
        .catch((e: Error) => {
          // A problem found is listed already; anything else the property threw is one too.
          if (!result.problems.length) result.problems.push(`${method} ${path}: ${e.message.split('\n')[0]}`);
        });
      const live = await fetch(`${o.url}/health/live`).catch(() => null);
      if (live?.status !== 200)
        result.problems.push(`after ${method} ${path}: the service no longer answers`);
    }
  } finally {
    await db?.end();
  }
  return result;
}

/**
 * A service's fuzzing as an app's integration spec (`test/fuzz.int-spec.ts`): the service started on
 * state of its own, every operation of its document fuzzed, the counts printed (the figure the
 * issue asks for) and any problem listed.
 */
export function describeFuzzing(o: {
  app: string;
  start: () => Promise<{
    url: string;
    config: { DB_SCHEMA?: string; DATABASE_URL?: string };
    close: () => Promise<void>;
  }>;
  users?: DemoUser[];
  runs?: number;
  /** Tables a refusal may write to; `audit_reads` always: a staff read is audited, one refused for its input too (who tried to look up what), a record of the attempt and not a partial write. */
  ignoreTables?: string[];
}): void {
  describe(`${o.app}: malformed and hostile input at every operation (OpenAPI-driven, fast-check)`, () => {
    let running: Awaited<ReturnType<typeof o.start>> | undefined;
    beforeAll(async () => {
      running = await o.start();
    }, 120_000);
    afterAll(async () => running?.close());

    it('never answers 5xx, never stops answering, and a refused request changes nothing', async () => {
      const { url, config } = running!;
      const result = await fuzzOpenApi({
        url,
        users: o.users ?? ['anna', 'agent-17', 'clerk-9', 'supervisor-1', 'ops-1', 'admin-1'],
        runs: Number(process.env.FUZZ_RUNS ?? o.runs ?? 60),
        seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined,
        database:
          config.DB_SCHEMA && config.DATABASE_URL
            ? {
                url: config.DATABASE_URL,
                schema: config.DB_SCHEMA,
                ignoreTables: ['audit_reads', ...(o.ignoreTables ?? [])],
              }
            : undefined,
      });
      console.log(
        `[fuzz] ${o.app}: ${result.inputs} inputs over ${result.operations} operations; answers ${JSON.stringify(result.byStatus)}`,
      );
      expect(result.problems).toEqual([]);
      expect(result.inputs).toBeGreaterThan(0);
    }, 900_000);
  });
}
