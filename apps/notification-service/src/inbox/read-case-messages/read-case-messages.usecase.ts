import { Injectable } from '@nestjs/common';
import { Transaction } from '@city/platform-database';
import type { Delivery } from '../../message-store/delivery.entity';
import { DeliveryRepository } from '../../message-store/delivery.repository';
import type { Notification } from '../../message-store/notification.entity';
import { NotificationRepository } from '../../message-store/notification.repository';

export interface CaseMessages {
  /** Every message about the case, on every medium and with every outcome, oldest first. */
  messages: Delivery[];
  /** What is still owed: requested and not yet sent or given up. */
  pending: Notification[];
}

/**
 * An agent or clerk reads the messages about a case. Both lists come from one snapshot, so a message
 * delivered meanwhile shows once (sent, or still owed), never in both lists or in neither.
 */
@Injectable()
export class ReadCaseMessagesUseCase {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly notifications: NotificationRepository,
    private readonly tx: Transaction,
  ) {}

  /** `reference` normalised; a case of another city is as absent as none. */
  execute(tenant: string, reference: string): Promise<CaseMessages> {
    return this.tx.snapshot(async () => {
      // One after another: in the snapshot they share one connection (pg refuses queries at once on one client from v9).
      const messages = await this.deliveries.ofCase(tenant, reference);
      const pending = await this.notifications.pendingOfCase(tenant, reference);
      return { messages, pending };
    });
  }
}
