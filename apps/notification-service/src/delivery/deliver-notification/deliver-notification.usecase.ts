import type { PerCity } from '@city/platform-config';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Counter } from 'prom-client';
import type { Logger } from 'pino';
import {
  citizenNotificationNotSentV1,
  citizenNotifiedV1,
  createEnvelope,
  TOPICS,
  type CaseRecipient,
  type MessageMedium,
} from '@city/contracts';
import { eventIdFromKey } from '@city/domain-intake';
import { mediaFor } from '@city/domain-notifications';
import { Outbox, Transaction, type OutboxItem } from '@city/platform-database';
import { KAFKA_LOGGER } from '@city/platform-kafka';
import { METRICS, Metrics } from '@city/platform-metrics';
import { CaseRecordClient } from '../../case-record/case-record.client';
import { Delivery, type DeliveryOutcome } from '../../message-store/delivery.entity';
import { DeliveryRepository } from '../../message-store/delivery.repository';
import { ErasedSubjects, subjectLocks } from '../../message-store/erased-subjects';
import type { Notification } from '../../message-store/notification.entity';
import { NotificationRepository } from '../../message-store/notification.repository';
import { OptOutLinks } from '../../opt-out/opt-out-link';
import { SatisfactionLinks } from '../../satisfaction/satisfaction-link';
import type { RenderedMessage, TemplateBook } from '../../templates/template-book';
import { TEMPLATE_BOOK } from '../../templates/templates.tokens';
import { PermanentDeliveryError } from '../delivery-errors';
import { EmailSender } from '../email.sender';
import { ServiceNames } from '../service-names';
import { SmsProvider } from '../sms.provider';
import { together } from '../../together';

/** Messages handed over and not yet recorded that a process remembers (a few minutes of sending at most). */
const HANDED_OVER_KEPT = 10_000;

export type RoundOutcome = 'delivered' | 'no-such-case' | 'not-pending' | 'held-elsewhere';

/** Thrown when some media could not be reached this round: BullMQ tries the message again later. */
export class RetryLaterError extends Error {}

/**
 * Sends one notification to everyone who should hear it, each on their medium, in their language.
 * A round: take the message's lease; ask the case record who hears it now; for each recipient
 * choose the media (their channel, their addresses, their consent); push it by email or text; then
 * record the portal inbox copy and the pushed message's delivery, with their facts (for the case
 * timeline), in one transaction after the mail server or provider took it. What already went in an earlier round is
 * skipped. A refusal for good is recorded as undeliverable; any other failure retries the round,
 * and on the last attempt it is recorded as undeliverable too.
 */
@Injectable()
export class DeliverNotificationUseCase {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly tx: Transaction,
    private readonly outbox: Outbox,
    @Inject(TEMPLATE_BOOK) private readonly books: PerCity<TemplateBook>,
    private readonly recipients: CaseRecordClient,
    private readonly email: EmailSender,
    private readonly sms: SmsProvider,
    private readonly serviceNames: ServiceNames,
    private readonly links: OptOutLinks,
    private readonly survey: SatisfactionLinks,
    private readonly erasedSubjects: ErasedSubjects,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
    @Optional() metrics?: Metrics,
  ) {
    if (metrics?.enabled) {
      this.sent = metrics.counter(METRICS.notificationsSent, 'Messages delivered to citizens, by medium', [
        'medium',
      ]);
      this.notSent = metrics.counter(
        METRICS.notificationsNotSent,
        'Messages not delivered to citizens, by medium and reason',
        ['medium', 'reason'],
      );
    }
  }

  private readonly sent?: Counter<'medium'>;
  private readonly notSent?: Counter<'medium' | 'reason'>;
  /**
   * Messages this process handed to the mail server or SMS provider whose delivery is not recorded
   * yet, with the provider's id: when the record's transaction fails (the database away for a
   * moment), the next round records them without sending them again. A message still goes twice
   * when this process dies between handing it over and recording it, or when another instance takes
   * the next round: an email then carries the same Message-ID (one message to mail clients), a text
   * the same Idempotency-Key (one to the provider). Bounded: the oldest are forgotten first.
   */
  private readonly handedOver = new Map<string, string>();

  private remember(deliveryId: string, providerMessageId: string): void {
    this.handedOver.set(deliveryId, providerMessageId);
    if (this.handedOver.size > HANDED_OVER_KEPT) this.handedOver.delete(this.handedOver.keys().next().value!);
  }

  /** Leases taken for the messages being sent at the same moment, one statement for them all. */
  private readonly leases = together<string, Notification | null>(async (ids) => {
    const leased = new Map((await this.notifications.lease([...new Set(ids)])).map((n) => [n.id, n]));
    // Each lease once, should one message be asked for twice in a group.
    return ids.map((id) => {
      const n = leased.get(id) ?? null;
      leased.delete(id);
      return n;
    });
  });

  private readonly completions = together<string, true>(async (ids) => {
    await this.notifications.complete([...new Set(ids)]);
    return ids.map(() => true as const);
  });

  /** The records of messages handed over at the same moment, in one transaction (group commit). */
  private readonly records = together<RecordCall, Set<string>>(async (calls) => {
    try {
      return await this.recordTogether(calls);
    } catch (e) {
      if (calls.length === 1) throw e;
      // One message's record must not hold back the others': each again on its own.
      return Promise.all(
        calls.map((c) =>
          this.recordTogether([c]).then(
            ([f]) => f,
            (err: Error) => err,
          ),
        ),
      );
    }
  });

  async execute(id: string, lastAttempt: boolean): Promise<RoundOutcome> {
    const n = await this.leases.load(id);
    if (!n) return (await this.notifications.isPending(id)) ? 'held-elsewhere' : 'not-pending';
    try {
      const outcome = await this.round(n, lastAttempt);
      await this.completions.load(id);
      return outcome;
    } catch (e) {
      await this.notifications.release(id, (e as Error).message.slice(0, 2000)).catch(() => undefined);
      throw e;
    }
  }

  private async round(n: Notification, lastAttempt: boolean): Promise<RoundOutcome> {
    const found = await this.recipients.of(n.tenantId, n.reference);
    if (!found) {
      this.logger.warn(
        { notification: n.id, reference: n.reference },
        'no such case: the message has no one to go to',
      );
      return 'no-such-case';
    }
    const audience = this.books(n.tenantId).audienceOf(n.template);
    const who =
      audience === 'reporter' ? found.recipients.filter((r) => r.role === 'reporter') : found.recipients;
    // Only a later round can find deliveries already made (the lease counts the rounds).
    const done = n.attempts > 1 ? await this.deliveries.idsOf(n.id) : new Set<string>();
    const failures: string[] = [];
    for (const r of who) {
      const choice = mediaFor(r);
      const msg = this.render(n, r, found.serviceCode);
      if (choice.optedOut) {
        const would = mediaFor({ ...r, consentUpdates: true });
        await this.record(n, r, msg, done, [
          {
            medium: would.optedOut ? 'portal' : (would.push?.medium ?? 'portal'),
            address: null,
            outcome: 'opted-out',
            detail: null,
            providerMessageId: null,
            announce: true,
          },
        ]);
        continue;
      }
      // The portal inbox keeps every message; it is the message's record on the case only when nothing else carries it.
      const writes: DeliveryWrite[] = [
        {
          medium: 'portal',
          address: null,
          outcome: 'sent',
          detail: null,
          providerMessageId: null,
          announce: choice.push === null,
        },
      ];
      const push = choice.push;
      if (push && !done.has(this.deliveryId(n, r.citizenId, push.medium))) {
        const deliveryId = this.deliveryId(n, r.citizenId, push.medium);
        try {
          // Handed over in an earlier round whose record did not commit (the database away): not again.
          const providerMessageId =
            this.handedOver.get(deliveryId) ??
            (push.medium === 'email'
              ? await this.email.send({
                  deliveryId,
                  to: push.address,
                  subject: msg.subject,
                  text: msg.text,
                  language: msg.language,
                  optOutUrl: this.links.url(n.tenantId, r.citizenId),
                })
              : await this.sms.send({ deliveryId, to: push.address, text: msg.sms }));
          this.remember(deliveryId, providerMessageId);
          writes.push({
            medium: push.medium,
            address: push.address,
            outcome: 'sent',
            detail: null,
            providerMessageId,
            announce: true,
          });
        } catch (e) {
          const detail = (e as Error).message;
          if (e instanceof PermanentDeliveryError || lastAttempt)
            writes.push({
              medium: push.medium,
              address: push.address,
              outcome: 'undeliverable',
              detail,
              providerMessageId: null,
              announce: true,
            });
          else failures.push(`${push.medium} to ${r.citizenId}: ${detail}`);
        }
      }
      // The inbox copy and the pushed message's outcome in one transaction.
      await this.record(n, r, msg, done, writes);
    }
    if (failures.length > 0) throw new RetryLaterError(failures.join('; '));
    return 'delivered';
  }

  private render(n: Notification, r: CaseRecipient, serviceCode: string): RenderedMessage {
    const name = this.serviceNames.of(serviceCode, n.tenantId);
    return this.books(n.tenantId).render(n.template, r.language, {
      reference: n.reference,
      service: name?.[r.language] ?? name?.en ?? serviceCode,
      firstName: r.firstName ?? '',
      optOutUrl: this.links.url(n.tenantId, r.citizenId),
      surveyUrl: this.survey.url(n.tenantId, n.reference),
      original: '',
      note: '',
      reason: '',
      ...n.facts,
    });
  }

  private deliveryId(n: Notification, citizenId: string, medium: MessageMedium): string {
    return eventIdFromKey(n.tenantId, `delivery\u0000${n.id}\u0000${citizenId}\u0000${medium}`);
  }

  /** Writes deliveries and (when `announce`) their facts, each once: a delivery recorded before is left as it is. */
  private async record(
    n: Notification,
    r: CaseRecipient,
    msg: RenderedMessage,
    done: Set<string>,
    writes: DeliveryWrite[],
  ): Promise<void> {
    const todo = writes
      .map((d) => ({ ...d, id: this.deliveryId(n, r.citizenId, d.medium) }))
      .filter((d) => !done.has(d.id));
    if (todo.length === 0) return;
    const fresh = await this.records.load({ n, r, msg, todo, at: new Date() });
    for (const d of todo) {
      done.add(d.id);
      this.handedOver.delete(d.id);
    }
    for (const d of todo.filter((d) => fresh.has(d.id)))
      if (d.outcome === 'sent') this.sent?.inc({ medium: d.medium });
      else this.notSent?.inc({ medium: d.medium, reason: d.outcome });
  }

  /** Every call's deliveries and facts in one transaction; each call learns which of its deliveries were new. */
  private async recordTogether(calls: readonly RecordCall[]): Promise<Array<Set<string>>> {
    return this.tx.run(async () => {
      // A message on its way while its case or citizen is erased is recorded as the erasure left the
      // others: without its address and words (and so is its fact).
      const erased = new Set<RecordCall>();
      const cities = [...new Set(calls.map((c) => c.n.tenantId))].map((tenantId) => {
        const theirs = calls.filter((c) => c.n.tenantId === tenantId);
        const subjects = {
          caseIds: [...new Set(theirs.map((c) => c.n.caseId))],
          citizenIds: [...new Set(theirs.map((c) => c.r.citizenId))],
        };
        return { tenantId, theirs, subjects };
      });
      // Every city's buckets at once (in order: no deadlock), shared with other recordings.
      await this.tx.lockShared(cities.flatMap((c) => subjectLocks(c.tenantId, c.subjects)));
      for (const { tenantId, theirs, subjects } of cities) {
        const { cases, citizens } = await this.erasedSubjects.among(tenantId, subjects);
        for (const c of theirs) if (cases.has(c.n.caseId) || citizens.has(c.r.citizenId)) erased.add(c);
      }
      const words = (c: RecordCall, d: DeliveryWrite) =>
        erased.has(c)
          ? { address: null, subject: ERASED, text: ERASED, detail: null }
          : {
              address: d.address,
              subject: c.msg.subject,
              text: d.medium === 'sms' ? c.msg.sms : c.msg.text,
              detail: d.detail,
            };
      const fresh = await this.deliveries.addNew(
        calls.flatMap((c) =>
          c.todo.map((d) =>
            Object.assign(new Delivery(), {
              id: d.id,
              tenantId: c.n.tenantId,
              notificationId: c.n.id,
              caseId: c.n.caseId,
              reference: c.n.reference,
              citizenId: c.r.citizenId,
              medium: d.medium,
              template: c.n.template,
              language: c.msg.language,
              ...words(c, d),
              outcome: d.outcome,
              providerMessageId: d.providerMessageId,
              attempts: c.n.attempts,
              at: c.at,
            }),
          ),
        ),
      );
      const facts: OutboxItem[] = [];
      for (const c of calls)
        for (const d of c.todo) {
          const { n, r, msg, at } = c;
          if (!fresh.has(d.id) || !d.announce) continue;
          const said = words(c, d);
          const about = {
            notificationId: n.id,
            caseId: n.caseId,
            reference: n.reference,
            citizenId: r.citizenId,
            template: n.template,
            medium: d.medium,
            at: at.toISOString(),
          };
          const event =
            d.outcome === 'sent'
              ? createEnvelope(citizenNotifiedV1, {
                  tenantId: n.tenantId,
                  correlationId: n.correlationId,
                  causationId: n.causeEventId,
                  payload: {
                    ...about,
                    deliveryId: d.id,
                    language: msg.language,
                    address: said.address,
                    subject: said.subject,
                    text: said.text,
                    providerMessageId: d.providerMessageId,
                    attempts: n.attempts,
                  },
                })
              : createEnvelope(citizenNotificationNotSentV1, {
                  tenantId: n.tenantId,
                  correlationId: n.correlationId,
                  causationId: n.causeEventId,
                  payload: {
                    ...about,
                    reason: d.outcome,
                    detail: said.detail,
                    attempts: d.outcome === 'opted-out' ? 0 : n.attempts,
                  },
                });
          facts.push({ topic: TOPICS.notificationEvents, key: n.caseId, event });
        }
      await this.outbox.enqueue(facts);
      return calls.map(({ todo }) => new Set(todo.filter((d) => fresh.has(d.id)).map((d) => d.id)));
    });
  }
}

/** What an erasure leaves of a message's subject and words (docs/personal-data.md). */
const ERASED = '(erased)';

/** One recipient's deliveries of one message, to be recorded. */
interface RecordCall {
  n: Notification;
  r: CaseRecipient;
  msg: RenderedMessage;
  todo: Array<DeliveryWrite & { id: string }>;
  at: Date;
}

interface DeliveryWrite {
  medium: MessageMedium;
  address: string | null;
  outcome: DeliveryOutcome;
  detail: string | null;
  providerMessageId: string | null;
  /** Whether the delivery becomes a fact for the case record. */
  announce: boolean;
}
