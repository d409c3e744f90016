import { Injectable } from '@nestjs/common';
import type { DataSubject, NotificationPersonalData } from '@city/contracts';
import { DeliveryRepository } from '../../message-store/delivery.repository';

/**
 * What this service holds about a citizen, for their export (docs/personal-data.md): every message
 * the city sent them, or did not send and why, with the address it went to and its words.
 */
@Injectable()
export class ExportPersonalDataUseCase {
  constructor(private readonly deliveries: DeliveryRepository) {}

  async execute(tenantId: string, subject: DataSubject): Promise<NotificationPersonalData> {
    const sent = await this.deliveries.ofSubject(tenantId, subject);
    return {
      service: 'notification-service',
      messages: sent.map((d) => ({
        at: d.at.toISOString(),
        reference: d.reference,
        medium: d.medium,
        address: d.address,
        language: d.language,
        subject: d.subject,
        text: d.text,
        outcome: d.outcome,
      })),
    };
  }
}
