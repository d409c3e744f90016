import { Injectable } from '@nestjs/common';
import { DomainError } from '@city/contracts';
import { CaseRecordClient } from '../../case-record/case-record.client';
import type { Delivery } from '../../message-store/delivery.entity';
import { DeliveryRepository } from '../../message-store/delivery.repository';

/** Messages a portal inbox shows, newest first. */
const INBOX_SIZE = 100;

export interface InboxQuery {
  /** Normalised. */
  reference: string;
  /** The email or the phone number the citizen gave with the request (one of them): the second factor. */
  email?: string;
  phone?: string;
}

/**
 * A citizen reads their portal inbox about one request: the case record says who they are by its
 * reference and the email or phone they gave (its reporter, or a citizen who follows it); then the
 * messages the city sent them there about that request, and only those (a reference and an email do
 * not open the messages about the citizen's other requests). A wrong second factor gets the same
 * answer as no such request, so a reference alone reveals nothing.
 */
@Injectable()
export class ReadInboxUseCase {
  constructor(
    private readonly caseRecord: CaseRecordClient,
    private readonly deliveries: DeliveryRepository,
  ) {}

  /** In the city of the portal asking (a request of another city is as absent as none). */
  async execute(city: string, q: InboxQuery): Promise<Delivery[]> {
    const citizenId = await this.caseRecord.citizenOf(city, q.reference, { email: q.email, phone: q.phone });
    if (!citizenId) throw DomainError.notFound('inbox.no-such-request', `request ${q.reference} not found`);
    return this.deliveries.inboxOf(city, citizenId, q.reference, INBOX_SIZE);
  }
}
