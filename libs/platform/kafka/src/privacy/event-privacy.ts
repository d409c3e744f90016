import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import { DomainError, TOPICS, type DataSubject, type EventEnvelope } from '@city/contracts';
import type { EventPublisher } from '../event-publisher';
import type { Kafka, TopicNames } from '../kafka-client';
import { PoisonMessageError, type ReceivedMessage } from '../managed-consumer';
import { KeyRing } from './key-ring';
import { openEnvelope, sealEnvelope, sealedOf, type SealedEnvelope } from './sealing';

/** What a personal topic's event is about: the subject its data key is named after. */
type SubjectOf = (
  messageKey: string | null,
  event: EventEnvelope,
  pseudonym: (value: string) => string,
) => string | null;

const field = (event: EventEnvelope, name: string): string | null => {
  const value = (event.payload as Record<string, unknown> | null)?.[name];
  return typeof value === 'string' && value !== '' ? value : null;
};

/**
 * The topics whose events carry a citizen's personal data, and what each event is about (the part of
 * its key's name an erasure names again): the request's reference, the case's id (or a citizen's, for
 * a merge; a counter ticket's, for a visit), the caller's number made a pseudonym. The workforce topic
 * (staff presence, tickets without contact) and the catalogue carry none, and are not sealed.
 */
const SEALED: Readonly<Record<string, SubjectOf>> = {
  [TOPICS.intakeRequests]: (_key, e) => field(e, 'reference'),
  [TOPICS.caseEvents]: (key) => key,
  [TOPICS.workflowEvents]: (key) => key,
  // A message's fact names whom it went to (a follower, on another's case): by case and citizen.
  [TOPICS.notificationEvents]: (key, e) => {
    const citizen = field(e, 'citizenId');
    return citizen && key ? `${key}/${citizen}` : key;
  },
  // A call, under its caller's number made a pseudonym; a call's end names no number: in the clear.
  [TOPICS.agentScreenPops]: (_key, e, pseudonym) => {
    const caller = field(e, 'callerNumber');
    return caller ? `${pseudonym(caller)}/${field(e, 'callId') ?? e.eventId}` : null;
  },
};

/** The subjects an erasure names (what `EventPrivacy.erase` takes), spelt once. */
export const privacySubjects = {
  /** A case's events on the three topics keyed by it, and the messages sent to anyone about it. */
  ofCase: (caseId: string): string[] => [
    ...[TOPICS.caseEvents, TOPICS.workflowEvents, TOPICS.notificationEvents].map((t) => `${t}/${caseId}`),
    `${TOPICS.notificationEvents}/${caseId}/*`,
  ],
  /** The request as it arrived, by its reference. */
  ofRequest: (reference: string): string[] => [`${TOPICS.intakeRequests}/${reference}`],
  /** A citizen's merges (keyed by the record that stayed), and the messages sent them about any case. */
  ofCitizen: (citizenId: string): string[] => [
    `${TOPICS.caseEvents}/${citizenId}`,
    `${TOPICS.notificationEvents}/*/${citizenId}`,
  ],
  /** A counter visit's end (keyed by its ticket). */
  ofTicket: (ticketId: string): string[] => [`${TOPICS.workflowEvents}/${ticketId}`],
};

/**
 * The port through which an erasure erases the data keys of what a citizen's events were about (their
 * cases, requests, merges, calls, tickets): what the topics still hold of them can no longer be read.
 */
export abstract class PersonalEventKeys {
  /** Erases every key of these subjects, of every producer; says how many keys went. */
  abstract erase(subjects: string[]): Promise<number>;
  /** The subjects of a data subject's events: their cases', requests', merges' and calls'. */
  abstract subjectsOf(
    s: Pick<DataSubject, 'citizenIds' | 'caseIds' | 'caseReferences' | 'contacts'>,
  ): string[];
}

export interface EventPrivacyOptions {
  /** The deployment's master key (PRIVACY_MASTER_KEY, 32 bytes); none: nothing is sealed or opened. */
  master: Buffer | null;
  /** Names this service's reader of the key topic. */
  clientId: string;
}

/**
 * Crypto-shredding at the platform's edge (docs/personal-data.md, Kafka): the publisher seals an event
 * bound for a personal topic with a data key of what it is about; the Kafka transport opens it before
 * the handler sees it, and passes by an event whose key was erased. An erasure names the subjects
 * (`privacySubjects`), and every copy of their events, on the topics and their dead letters, can no
 * longer be read by anyone. Without a master key (a development setting; production refuses to start
 * without one) events go in the clear.
 */
export class EventPrivacy extends PersonalEventKeys {
  private readonly ring: KeyRing | null;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  private reading = false;
  /** The keys are to be read here (start was called), also between a failed try and the next. */
  private wanted = false;

  constructor(
    kafka: Kafka,
    private readonly logger: Logger,
    publisher: EventPublisher,
    private readonly names: TopicNames,
    private readonly o: EventPrivacyOptions,
  ) {
    super();
    this.ring = o.master
      ? new KeyRing(kafka, logger, publisher, {
          master: o.master,
          topic: names.of(TOPICS.privacyKeys),
          clientId: `${o.clientId}.privacy`,
        })
      : null;
  }

  /** Whether events are sealed here. */
  get sealing(): boolean {
    return this.ring !== null;
  }

  /** Whether the data keys have been read (always, when nothing is sealed). */
  get ready(): boolean {
    return this.ring?.ready ?? true;
  }

  /**
   * This service's data keys as a readiness component (`privacy-keys`): down while the service reads
   * them and has not read the key topic whole yet: its consumers cannot open a sealed event until
   * then. Only a service with consumers has it (the gateway only seals).
   */
  readinessCheck(): { name: string; check(): Promise<void> } {
    return {
      name: 'privacy-keys',
      check: async () => {
        if (this.wanted && !this.stopped && !this.ready)
          throw new Error('the data keys are still being read');
      },
    };
  }

  /**
   * Reads the key topic from now on, trying again every two seconds while Kafka is away. Only a
   * service that opens events or erases keys needs to (the Kafka transport starts it when the service
   * has consumers; an erasure when it comes): one that only publishes, the gateway, never reads them.
   */
  start(): void {
    if (!this.ring || this.stopped || this.reading) return;
    this.reading = true;
    this.wanted = true;
    this.ring.start().catch((e: Error) => {
      this.logger.warn({ err: e.message }, 'the data keys are not readable yet; retrying');
      void this.ring?.stop().catch(() => undefined);
      this.reading = false;
      this.retry = setTimeout(() => this.start(), 2_000);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.ring?.stop();
  }

  /** The event as it goes on `topic` (the full name): sealed when the topic is personal. */
  async seal(
    topic: string,
    messageKey: string | null,
    event: EventEnvelope,
  ): Promise<EventEnvelope | SealedEnvelope> {
    const name = this.names.base(topic);
    const subjectOf = SEALED[name];
    if (!this.ring || !subjectOf) return event;
    // About no one (a call's end names no number): nothing personal to seal.
    const about = subjectOf(messageKey, event, (v) => this.pseudonym(v));
    if (about === null) return event;
    const key = await this.ring.keyFor(`${name}/${about}`);
    return sealEnvelope(event, key.kid, key.key);
  }

  /**
   * The messages as a handler reads them: each sealed one opened; one whose key was erased left out
   * (logged by its event id alone). A key that has not arrived is an error the consumer retries (and,
   * if it never comes, a dead letter, still sealed); a sealed payload that does not open is poison.
   */
  async open(messages: ReceivedMessage[]): Promise<ReceivedMessage[]> {
    const readable: ReceivedMessage[] = [];
    for (const m of messages) {
      // In the clear, or not JSON (the handler's pipe says so): as it is.
      const parsed = sealedOf(m.value);
      if (!parsed) {
        readable.push(m);
        continue;
      }
      if (!this.ring)
        throw new Error('a sealed event, and this service has no PRIVACY_MASTER_KEY to open it');
      this.start();
      // Until the key topic is read whole, an erased key's tombstone may still be ahead: wait (retried
      // as an outage, without spending the message's attempts).
      if (!this.ring.ready)
        throw DomainError.unavailable('privacy-keys.reading', 'the data keys are still being read');
      const key = await this.ring.key(parsed.sealed.kid);
      if (key === 'erased') {
        this.logger.info(
          { topic: m.topic, partition: m.partition, offset: m.offset, eventId: parsed.eventId },
          'an event of erased personal data passed by',
        );
        continue;
      }
      if (key === 'missing') throw new Error(`the data key of event ${parsed.eventId} has not arrived`);
      let opened: EventEnvelope;
      try {
        opened = openEnvelope(parsed, key);
      } catch {
        throw new PoisonMessageError(`event ${parsed.eventId} does not open with its data key (altered?)`);
      }
      readable.push({ ...m, value: Buffer.from(JSON.stringify(opened)) });
    }
    return readable;
  }

  /**
   * Erases the data keys of these subjects (`privacySubjects`, `callers`), of every producer: what
   * they sealed, wherever it is kept, can no longer be read. Says how many keys went.
   */
  async erase(subjects: string[]): Promise<number> {
    if (!this.ring || subjects.length === 0) return 0;
    this.start();
    // A ring still reading the topic would miss keys it has not read yet: the erasure is tried again.
    if (!this.ring.ready)
      throw DomainError.unavailable(
        'privacy-keys.unavailable',
        'the data keys are still being read; try again',
      );
    return this.ring.erase(subjects);
  }

  subjectsOf(s: Pick<DataSubject, 'citizenIds' | 'caseIds' | 'caseReferences' | 'contacts'>): string[] {
    return [
      ...s.caseIds.flatMap(privacySubjects.ofCase),
      ...s.caseReferences.flatMap(privacySubjects.ofRequest),
      ...s.citizenIds.flatMap(privacySubjects.ofCitizen),
      // Their calls' screen pops, by the numbers they called from.
      ...s.contacts
        .filter((c) => c.kind === 'phone')
        .map((c) => `${TOPICS.agentScreenPops}/${this.pseudonym(c.value)}/*`),
    ];
  }

  /** A number as a key's name may hold it: keyed by the master key, so the name gives nothing away. */
  private pseudonym(value: string): string {
    const master = this.o.master ?? Buffer.alloc(0);
    return `p-${createHmac('sha256', master).update(value.replace(/\s+/g, '')).digest('base64url').slice(0, 22)}`;
  }
}
