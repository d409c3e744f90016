import { caseChangedV1, citizenNotificationRequestedV1, satisfactionRecordedV1 } from '@city/contracts';
import type { NotificationTrigger } from '@city/domain-notifications';
import { EnvelopePipe, PoisonMessageError, type ReceivedMessage } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import type { DeliveryQueue } from '../delivery/delivery-queue.processor';
import type { Notification } from '../message-store/notification.entity';
import { KNOWN, NotificationTriggersConsumer } from './notification-triggers.kafka.consumer';
import type { RequestNotificationsUseCase } from './request-notifications/request-notifications.usecase';

const message = (event: object): ReceivedMessage =>
  ({ value: Buffer.from(JSON.stringify(event)), headers: {} }) as unknown as ReceivedMessage;

/**
 * The consumer of case.events.v1 and workflow.events.v1 reads every type of fact on them (an unknown
 * one is dead-lettered): the contracts' examples, replayed through its own parsing, reach the handler,
 * and a fact that calls for no message asks for none.
 */
describe('the facts the notification-service reads', () => {
  const asked: NotificationTrigger[][] = [];
  const consumer = new NotificationTriggersConsumer(
    {
      execute: async (events: NotificationTrigger[]) => {
        asked.push(events);
        return [] as Notification[];
      },
    } as unknown as RequestNotificationsUseCase,
    { enqueue: async () => undefined } as unknown as DeliveryQueue,
    createLogger('notification-service', 'silent'),
  );
  const pipe = new EnvelopePipe(KNOWN as never);
  beforeEach(() => (asked.length = 0));

  it("takes a citizen's satisfaction (the contract's example) and owes no message for it", async () => {
    const events = pipe.transform([message(satisfactionRecordedV1.example)]) as never[];
    expect(events).toEqual([expect.objectContaining({ type: 'SatisfactionRecorded' })]);
    await consumer.facts(events);
    expect(asked).toEqual([]);
  });

  it('in a batch with facts that call for messages, only those are passed on', async () => {
    const events = pipe.transform([
      message(citizenNotificationRequestedV1.example),
      message(satisfactionRecordedV1.example),
      message(caseChangedV1.example),
    ]) as never[];
    await consumer.facts(events);
    expect(asked.flat().map((e) => e.type)).toEqual(['CitizenNotificationRequested', 'CaseChanged']);
  });

  it('a version it does not know is still poison', () => {
    expect(() => pipe.transform([message({ ...satisfactionRecordedV1.example, version: 2 })])).toThrow(
      PoisonMessageError,
    );
  });
});
