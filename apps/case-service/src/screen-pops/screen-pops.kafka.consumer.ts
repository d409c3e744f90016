import { Payload } from '@nestjs/microservices';
import { screenPopRequestedV1, TOPICS, type ScreenPopRequestedV1 } from '@city/contracts';
import { isTransientDatabaseError } from '@city/platform-database';
import { EnvelopePipe, KafkaConsumer, KafkaEvent } from '@city/platform-kafka';
import { MatchCallerUseCase } from './match-caller/match-caller.usecase';
import { ScreenPopHub } from './screen-pop-hub';

/**
 * Calls from the switch (the gateway's telephony webhook) to the agents' consoles. An agent's stream
 * is open on one instance of the case-service, so every instance reads every call (a group of its
 * own per process), from now on: a call is only worth popping while it rings.
 */
@KafkaConsumer()
export class ScreenPopsConsumer {
  constructor(
    private readonly matchCaller: MatchCallerUseCase,
    private readonly hub: ScreenPopHub,
  ) {}

  @KafkaEvent(TOPICS.agentScreenPops, {
    group: 'case-service.screen-pops',
    perInstance: true,
    fromBeginning: false,
    isTransient: isTransientDatabaseError,
  })
  async screenPop(@Payload(new EnvelopePipe([screenPopRequestedV1])) e: ScreenPopRequestedV1) {
    const caller =
      e.payload.action === 'open' ? await this.matchCaller.execute(e.tenantId, e.payload.callerNumber) : null;
    this.hub.deliver(e.tenantId, { ...e.payload, caller });
  }
}
