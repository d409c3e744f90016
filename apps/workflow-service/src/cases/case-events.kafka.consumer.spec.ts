import {
  caseChangedV1,
  caseOpenedV1,
  satisfactionRecordedV1,
  type CaseChangedV1,
  type CaseOpenedV1,
} from '@city/contracts';
import { EnvelopePipe, PoisonMessageError, type ReceivedMessage } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import type { SlaTimers } from '../sla/sla-timers.processor';
import type { TrackCaseStatusUseCase } from '../sla/track-case-status/track-case-status.usecase';
import type { StartWorkflowUseCase } from '../workflows/start-workflow/start-workflow.usecase';
import { CASE_EVENTS, CaseEventsConsumer } from './case-events.kafka.consumer';

const message = (event: object): ReceivedMessage =>
  ({ value: Buffer.from(JSON.stringify(event)), headers: {} }) as unknown as ReceivedMessage;

/**
 * The consumer of case.events.v1 reads every type of fact on the topic (an unknown one would be
 * dead-lettered, and the stream's later facts of that case would still be read, but nobody would
 * know why the fact is missing): the contracts' examples, replayed through its own parsing, reach
 * the handler, and a fact it has nothing to do with changes nothing.
 */
describe('the case events the workflow-service follows', () => {
  const started: CaseOpenedV1[][] = [];
  const tracked: CaseChangedV1[] = [];
  const consumer = new CaseEventsConsumer(
    {
      execute: async (events: CaseOpenedV1[]) => {
        started.push(events);
        return { started: events.length, skipped: 0, clocks: [] };
      },
    } as unknown as StartWorkflowUseCase,
    {
      execute: async (e: CaseChangedV1) => {
        tracked.push(e);
        return { arm: [], disarm: [] };
      },
    } as unknown as TrackCaseStatusUseCase,
    {
      armNew: async () => undefined,
      arm: async () => undefined,
      disarm: async () => undefined,
    } as never as SlaTimers,
    createLogger('workflow-service', 'silent'),
  );
  const pipe = new EnvelopePipe(CASE_EVENTS as never);
  beforeEach(() => {
    started.length = 0;
    tracked.length = 0;
  });

  it("takes a citizen's satisfaction (the contract's example) and does nothing with it", async () => {
    const events = pipe.transform([message(satisfactionRecordedV1.example)]) as never[];
    expect(events).toEqual([expect.objectContaining({ type: 'SatisfactionRecorded' })]);
    await consumer.caseEvents(events);
    expect(started).toEqual([]);
    expect(tracked).toEqual([]);
  });

  it('between new cases and changes of one batch, the others are handled as before', async () => {
    const second = { ...caseOpenedV1.example, eventId: '0c8f4e1a-7b3d-4f6e-9a1c-5d2e8f7b4a61' };
    const events = pipe.transform([
      message(caseOpenedV1.example),
      message(satisfactionRecordedV1.example),
      message(second),
      message(caseChangedV1.example),
    ]) as never[];
    await consumer.caseEvents(events);
    expect(started.flat().map((e) => e.eventId)).toEqual([caseOpenedV1.example.eventId, second.eventId]);
    expect(tracked.map((e) => e.eventId)).toEqual([caseChangedV1.example.eventId]);
  });

  it('a version it does not know is still poison', () => {
    expect(() => pipe.transform([message({ ...satisfactionRecordedV1.example, version: 2 })])).toThrow(
      PoisonMessageError,
    );
  });
});
