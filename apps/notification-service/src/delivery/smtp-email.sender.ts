import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG } from '@city/platform-config';
import type { NotificationConfig } from '../config';
import { PermanentDeliveryError } from './delivery-errors';
import { EmailSender, type OutgoingEmail } from './email.sender';

/**
 * Email over SMTP (nodemailer, pooled connections). The Message-ID is the delivery's id, so a message
 * sent twice after a crash between sending and recording is one message to mail clients that
 * collapse duplicates. A 5xx reply is permanent; anything else (4xx, the server away) is retried.
 */
@Injectable()
export class SmtpEmailSender extends EmailSender implements OnApplicationShutdown {
  private readonly transport: Transporter;
  private readonly domain: string;

  constructor(@Inject(APP_CONFIG) config: NotificationConfig) {
    super();
    // Pooled: connections to the mail server stay open between messages, one per message sent at once.
    this.transport = nodemailer.createTransport(
      {
        url: config.SMTP_URL,
        pool: true,
        maxConnections: config.DELIVERY_CONCURRENCY,
        maxMessages: 1000,
      } as never,
      { from: config.MAIL_FROM },
    );
    this.domain = new URL(config.PUBLIC_URL).hostname || 'notifications.city';
  }

  async send(m: OutgoingEmail): Promise<string> {
    try {
      const info = await this.transport.sendMail({
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId: `<${m.deliveryId}@${this.domain}>`,
        headers: {
          'Content-Language': m.language,
          'List-Unsubscribe': `<${m.optOutUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'Auto-Submitted': 'auto-generated',
        },
      });
      return info.messageId;
    } catch (e) {
      const code = (e as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500 && code < 600)
        throw new PermanentDeliveryError(`mail server answered ${code}: ${(e as Error).message}`);
      throw e;
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
