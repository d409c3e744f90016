import fc from 'fast-check';
import { caseOpenedV1, parseEnvelope, requestReceivedV1, WORKFLOW_FACTS_V1 } from '@city/contracts';

const contracts = [requestReceivedV1, caseOpenedV1, ...WORKFLOW_FACTS_V1] as never[];

/** What a consumer reads off a topic may be anything: parsing never throws, it names a reason (fast-check). */
describe('reading an envelope, whatever the bytes', () => {
  it('never throws: any bytes, any JSON, any envelope with a broken payload give a reason', () => {
    const mutatedExample = fc
      .tuple(
        fc.constantFrom(requestReceivedV1.example, caseOpenedV1.example),
        fc.jsonValue({ maxDepth: 3 }),
        fc.string(),
      )
      .map(([example, value, field]) => ({
        ...example,
        payload: { ...(example.payload as object), [field]: value },
      }));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          mutatedExample.map((v) => JSON.stringify(v)),
          fc.constant(null),
        ),
        (raw) => {
          const parsed = parseEnvelope(raw, contracts);
          if (!parsed.ok) expect(parsed.reason.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 3_000 },
    );
  });
});
