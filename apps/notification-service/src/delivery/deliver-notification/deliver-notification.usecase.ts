import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
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
import { APP_CONFIG } from '@city/platform-config';
import { enqueueEvent } from '@city/platform-database';
import { CatalogueStore, KAFKA_LOGGER } from '@city/platform-kafka';
import type { NotificationConfig } from '../../config';
import { Delivery, type DeliveryOutcome } from '../../notifications/delivery.entity';
import { Notification } from '../../notifications/notification.entity';
import { OptOutLinks } from '../../opt-out/opt-out-link';
import type { RenderedMessage, TemplateBook } from '../../templates/template-book';
import { TEMPLATE_BOOK } from '../../templates/templates.tokens';
import { CaseRecipientsClient } from '../case-recipients.client';
import { PermanentDeliveryError } from '../delivery-errors';
import { EmailSender } from '../email.sender';
import { SmsProvider } from '../sms.provider';

/** How long one worker holds a message while it sends it (longer than any send takes). */
const LEASE = "interval '2 minutes'";

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
  private readonly links: OptOutLinks;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TEMPLATE_BOOK) private readonly book: TemplateBook,
    private readonly recipients: CaseRecipientsClient,
    private readonly email: EmailSender,
    private readonly sms: SmsProvider,
    private readonly catalogue: CatalogueStore,
    @Inject(APP_CONFIG) config: NotificationConfig,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
  ) {
    this.links = new OptOutLinks(config.OPT_OUT_SECRET, config.PUBLIC_URL);
  }

  async execute(id: string, lastAttempt: boolean): Promise<RoundOutcome> {
    const repo = this.dataSource.getRepository(Notification);
    const leased = await repo
      .createQueryBuilder()
      .update()
      .set({ leaseUntil: () => `now() + ${LEASE}`, attempts: () => 'attempts + 1' })
      .where(`id = :id AND state = 'pending' AND (lease_until IS NULL OR lease_until < now())`, { id })
      .returning(['id'])
      .execute();
    if ((leased.raw as unknown[]).length === 0)
      return (await repo.existsBy({ id, state: 'pending' })) ? 'held-elsewhere' : 'not-pending';
    const n = (await repo.findOneBy({ id }))!;
    try {
      const outcome = await this.round(n, lastAttempt);
      await repo.update(
        { id },
        { state: 'done', completedAt: new Date(), leaseUntil: null, lastError: null },
      );
      return outcome;
    } catch (e) {
      await repo
        .update({ id }, { leaseUntil: null, lastError: (e as Error).message.slice(0, 2000) })
        .catch(() => undefined);
      throw e;
    }
  }

  private async round(n: Notification, lastAttempt: boolean): Promise<RoundOutcome> {
    const found = await this.recipients.of(n.reference);
    if (!found) {
      this.logger.warn(
        { notification: n.id, reference: n.reference },
        'no such case: the message has no one to go to',
      );
      return 'no-such-case';
    }
    const audience = this.book.audienceOf(n.template);
    const who =
      audience === 'reporter' ? found.recipients.filter((r) => r.role === 'reporter') : found.recipients;
    // Only a later round can find deliveries already made (the lease counts the rounds).
    const done =
      n.attempts > 1
        ? new Set(
            (
              await this.dataSource
                .getRepository(Delivery)
                .find({ select: { id: true }, where: { notificationId: n.id } })
            ).map((d) => d.id),
          )
        : new Set<string>();
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
          const providerMessageId =
            push.medium === 'email'
              ? await this.email.send({
                  deliveryId,
                  to: push.address,
                  subject: msg.subject,
                  text: msg.text,
                  language: msg.language,
                  optOutUrl: this.links.url(n.tenantId, r.citizenId),
                })
              : await this.sms.send({ deliveryId, to: push.address, text: msg.sms });
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
    const name = this.catalogue.get(serviceCode, n.tenantId)?.name as Record<string, string> | undefined;
    return this.book.render(n.template, r.language, {
      reference: n.reference,
      service: name?.[r.language] ?? name?.en ?? serviceCode,
      firstName: r.firstName ?? '',
      optOutUrl: this.links.url(n.tenantId, r.citizenId),
      original: '',
      note: '',
      reason: '',
      ...n.facts,
    });
  }

  private deliveryId(n: Notification, citizenId: string, medium: MessageMedium): string {
    return eventIdFromKey(n.tenantId, `delivery\u0000${n.id}\u0000${citizenId}\u0000${medium}`);
  }

  /** Writes deliveries and (when `announce`) their facts in one transaction, each once: a delivery recorded before is left as it is. */
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
    const at = new Date();
    await this.dataSource.transaction(async (m: EntityManager) => {
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(Delivery)
        .values(
          todo.map((d) => ({
            id: d.id,
            tenantId: n.tenantId,
            notificationId: n.id,
            caseId: n.caseId,
            reference: n.reference,
            citizenId: r.citizenId,
            medium: d.medium,
            address: d.address,
            template: n.template,
            language: msg.language,
            subject: msg.subject,
            text: d.medium === 'sms' ? msg.sms : msg.text,
            outcome: d.outcome,
            detail: d.detail,
            providerMessageId: d.providerMessageId,
            attempts: n.attempts,
            at,
          })),
        )
        .orIgnore()
        .returning(['id'])
        .execute();
      const fresh = new Set((inserted.raw as Array<{ id: string }>).map((x) => x.id));
      for (const d of todo) {
        if (!fresh.has(d.id) || !d.announce) continue;
        const text = d.medium === 'sms' ? msg.sms : msg.text;
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
                  address: d.address,
                  subject: msg.subject,
                  text,
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
                  detail: d.detail,
                  attempts: d.outcome === 'opted-out' ? 0 : n.attempts,
                },
              });
        await enqueueEvent(m, TOPICS.notificationEvents, n.caseId, event);
      }
    });
    for (const d of todo) done.add(d.id);
  }
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
