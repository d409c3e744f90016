import { Injectable } from '@nestjs/common';
import type { DataSubject } from '@city/contracts';
import { OutboxMessage, tableName, TypeormTransaction } from '@city/platform-database';
import { Delivery } from '../message-store/delivery.entity';
import { Notification } from '../message-store/notification.entity';

/** What an erasure changed here, by kind of row. */
export interface ErasedHere {
  deliveries: number;
  notifications: number;
  publishedEvents: number;
}

/**
 * The port that anonymises a data subject's messages, and every message about their cases (a
 * follower's too: it spoke of the case), (docs/personal-data.md): each message keeps
 * that it was sent, when, how and about which case (the fact the law may require), and loses the
 * address it went to and its words; a message owed keeps its case and template, and loses the facts
 * it would have spoken of (a note's text).
 */
export abstract class PersonalDataEraser {
  abstract erase(tenantId: string, subject: DataSubject): Promise<ErasedHere>;
}

/** Two statements, in the caller's transaction. */
@Injectable()
export class TypeormPersonalDataEraser extends PersonalDataEraser {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  async erase(tenantId: string, s: DataSubject): Promise<ErasedHere> {
    const m = this.tx.manager();
    const addresses = s.contacts.map((c) => c.value);
    const [, deliveries] = (await m.query(
      `UPDATE ${tableName(m, Delivery)}
          SET address = NULL, subject = '(erased)', text = '(erased)', detail = NULL
        WHERE tenant_id = $1 AND (citizen_id = ANY($2::uuid[]) OR address = ANY($3) OR case_id = ANY($4::uuid[]))
          AND (address IS NOT NULL OR text <> '(erased)')`,
      [tenantId, s.citizenIds, addresses, s.caseIds],
    )) as [unknown, number];
    const [, notifications] = (await m.query(
      `UPDATE ${tableName(m, Notification)} SET facts = '{}'::jsonb
        WHERE tenant_id = $1 AND reference = ANY($2) AND facts <> '{}'::jsonb`,
      [tenantId, s.caseReferences],
    )) as [unknown, number];
    // The facts about their messages this service published already (each names the address it
    // went to): the copies kept here to be pruned later go now. One not yet published still goes out.
    const [, publishedEvents] = (await m.query(
      `DELETE FROM ${tableName(m, OutboxMessage)} WHERE message_key = ANY($1) AND published_at IS NOT NULL`,
      [s.caseIds],
    )) as [unknown, number];
    return { deliveries, notifications, publishedEvents };
  }
}
