import {
  applyDecorators,
  Catch,
  Controller,
  Inject,
  Injectable,
  UseFilters,
  UseGuards,
  type ArgumentsHost,
  type CanActivate,
  type ExecutionContext,
  type INestApplication,
  type OnApplicationBootstrap,
  type PipeTransform,
  type RpcExceptionFilter,
} from '@nestjs/common';
import { BaseRpcContext, EventPattern, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { lastValueFrom, throwError, type Observable } from 'rxjs';
import { DomainError, HEADERS, parseEnvelope, type EventContract, type EventEnvelope } from '@city/contracts';
import { APP_CONFIG, servedCities, type BaseConfig } from '@city/platform-config';
import { withLogContext } from '@city/platform-logging';
import { ConsumerHost } from './consumer-host';
import { EventPrivacy } from './privacy/event-privacy';
import {
  envelopeTenantOf,
  PoisonMessageError,
  type ConsumerOptions,
  type ReceivedMessage,
} from './managed-consumer';

/** How a handler consumes its topic: its consumer group and, if it takes batches, how. */
export interface KafkaHandlerOptions extends Pick<
  ConsumerOptions,
  | 'fromBeginning'
  | 'partitionsConsumedConcurrently'
  | 'maxBatchSize'
  | 'maxAttempts'
  | 'isTransient'
  | 'perInstance'
> {
  /** The consumer group (the topic prefix is added, as for every group). */
  group: string;
  /**
   * The handler receives an array: up to maxBatchSize messages of one partition at once. When a
   * batch fails with an error that is not transient, its messages go to the handler again one at a
   * time (an array of one), so a poison message is dead-lettered alone.
   */
  batch?: boolean;
}

const KAFKA_HANDLER = 'city.kafka';
type Extras = { [KAFKA_HANDLER]: KafkaHandlerOptions & { topics: string[] } };

/**
 * Declares a Kafka handler on a consumer controller: `@KafkaEvent(TOPICS.x, { group: 'svc.name' })`
 * (one group may read several topics: `@KafkaEvent([TOPICS.x, TOPICS.y], ...)`).
 * It is Nest's `@EventPattern`, so the handler gets the transport's guards, pipes, interceptors and
 * exception filters like an HTTP handler; the pattern is the topics and the group.
 */
export const KafkaEvent = (topics: string | string[], options: KafkaHandlerOptions) => {
  const list = Array.isArray(topics) ? topics : [topics];
  return applyDecorators(
    EventPattern({ topics: list, group: options.group }, {
      [KAFKA_HANDLER]: { ...options, topics: list },
    } satisfies Extras),
  );
};

/** The Kafka context of a handler: the message (or the batch) it was given. */
export class KafkaContext extends BaseRpcContext<[ReceivedMessage[]]> {
  constructor(
    readonly messages: ReceivedMessage[],
    readonly batch: boolean,
  ) {
    super([messages]);
  }
}

/**
 * Serves the service's Kafka consumers as a custom transport of `@nestjs/microservices`: each
 * `@KafkaEvent` handler becomes a ManagedConsumer of its group (bounded retries with back-off,
 * infrastructure errors retried until they pass, dead letters, batches with the one-by-one
 * fallback, offsets committed only after the handler), and each message reaches the handler
 * through Nest's pipeline. Every log line written while a message is handled carries its
 * correlation id.
 */
@Injectable()
export class KafkaTransport extends Server implements CustomTransportStrategy, OnApplicationBootstrap {
  constructor(
    private readonly host: ConsumerHost,
    private readonly privacy: EventPrivacy,
  ) {
    super();
  }

  private started: Promise<void> | null = null;

  /**
   * The consumers start when the application has bootstrapped (its other bootstrap hooks under way,
   * as the consumers used to), whether it then listens for HTTP or not; the handlers were bound when
   * the app connected this transport (createHttpApp).
   */
  onApplicationBootstrap(): Promise<void> {
    return this.start();
  }

  /** For `app.startAllMicroservices()`: the same consumers, started once. */
  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (e) {
      callback(e);
    }
  }

  private start(): Promise<void> {
    this.started ??= this.startConsumers();
    return this.started;
  }

  /**
   * Every consumer joins its group at once, not one after another: after a crash each group waits
   * for the dead member's session to expire (10 s) before it rebalances, and a service with four
   * groups would otherwise take forty seconds to answer its health checks.
   */
  private async startConsumers(): Promise<void> {
    const starts: Array<Promise<unknown>> = [];
    // A service that consumes reads the data keys from the start, to open what it is given.
    if ([...this.messageHandlers.values()].some((h) => (h.extras as Extras | undefined)?.[KAFKA_HANDLER]))
      this.privacy.start();
    for (const handler of this.messageHandlers.values()) {
      const options = (handler.extras as Extras | undefined)?.[KAFKA_HANDLER];
      if (!options) continue;
      const invoke = async (received: ReceivedMessage[]) => {
        // Sealed events opened; those of erased personal data passed by (docs/personal-data.md).
        const messages = await this.privacy.open(received);
        if (messages.length === 0) return;
        const context = new KafkaContext(messages, options.batch ?? false);
        const data = options.batch ? messages : messages[0];
        const correlationId = messages.length === 1 ? messages[0].headers[HEADERS.correlationId] : undefined;
        const run = async () => {
          const result = await handler(data, context);
          await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
        };
        return correlationId ? withLogContext({ correlationId }, run) : run();
      };
      const started = this.host.start(
        {
          groupId: options.group,
          topics: options.topics,
          fromBeginning: options.fromBeginning ?? true,
          partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
          maxBatchSize: options.maxBatchSize,
          maxAttempts: options.maxAttempts,
          isTransient: options.isTransient,
          perInstance: options.perInstance,
          handle: (m) => invoke([m]),
          ...(options.batch ? { handleBatch: (ms: ReceivedMessage[]) => invoke(ms) } : {}),
        },
        // The tenant is checked by the transport's guard (TenantGuard), before any pipe.
        { tenantCheck: false },
      );
      starts.push(started);
    }
    await Promise.all(starts);
  }

  /** The consumers stop with the application (ConsumerHost, before shutdown), letting in-flight work finish. */
  async close(): Promise<void> {
    await this.host.stopAll();
  }

  on(): never {
    throw new Error('the Kafka transport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.host as T;
  }
}

/** The messages a Kafka handler was given. */
const messagesOf = (ctx: ExecutionContext | ArgumentsHost): ReceivedMessage[] =>
  ctx.switchToRpc().getContext<KafkaContext>().messages;

/**
 * The service's cities: an event whose envelope names a tenant it does not serve is refused (dead-lettered at once
 * with the reason, never handled). In a batch, the batch fails and its messages go one by one, so
 * only the foreign one is refused.
 */
@Injectable()
export class TenantGuard implements CanActivate {
  private readonly ours: readonly string[];

  constructor(
    @Inject(APP_CONFIG) config: Pick<BaseConfig, 'TENANT_ID'> & Partial<Pick<BaseConfig, 'CITIES'>>,
  ) {
    this.ours = servedCities(config);
  }

  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'rpc') return true;
    for (const m of messagesOf(ctx)) {
      const theirs = envelopeTenantOf(m.value);
      if (theirs !== null && !this.ours.includes(theirs))
        throw DomainError.forbidden(
          'event.other-tenant',
          `tenant ${theirs} is not this service's (${this.ours.join(', ')})`,
        );
    }
    return true;
  }
}

/**
 * Parses each message into an event of one of these contracts (`@Payload(new EnvelopePipe([...]))`);
 * a malformed event, or one of an unknown type or version, is a poison message: dead-lettered at
 * once with the reason.
 */
export class EnvelopePipe<E extends EventEnvelope = EventEnvelope> implements PipeTransform {
  constructor(private readonly contracts: ReadonlyArray<EventContract<string, unknown>>) {}

  transform(value: ReceivedMessage | ReceivedMessage[]): E | E[] {
    const parse = (m: ReceivedMessage): E => {
      const parsed = parseEnvelope(m.value, this.contracts as never);
      if (!parsed.ok) throw new PoisonMessageError(parsed.reason);
      return parsed.value as E;
    };
    return Array.isArray(value) ? value.map(parse) : parse(value);
  }
}

/**
 * Lets a handler's error reach the consumer as it was thrown, so that `failureOf` decides (a domain
 * refusal or poison message is dead-lettered with its reason, an outage retried), where Nest's own
 * RPC filter would turn it into a generic error.
 */
@Catch()
export class KafkaErrorFilter implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * A class of Kafka handlers (`*.kafka.consumer.ts`): a controller whose `@KafkaEvent` handlers see
 * only their city's events (TenantGuard) and whose errors reach the consumer as thrown
 * (KafkaErrorFilter), where they are retried or dead-lettered.
 */
export const KafkaConsumer = () =>
  applyDecorators(Controller(), UseGuards(TenantGuard), UseFilters(KafkaErrorFilter));

/**
 * Serves a service's Kafka consumers (its `@KafkaEvent` handlers) as a microservice of its Nest app,
 * on the platform's transport: the handlers are bound now, the consumers start when the app
 * bootstraps and stop with it. Each service's bootstrap calls it after building the app.
 */
export function serveKafkaConsumers(app: INestApplication): void {
  app.connectMicroservice({ strategy: app.get(KafkaTransport) });
}
