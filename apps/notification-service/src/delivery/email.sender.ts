export interface OutgoingEmail {
  /** Also the Message-ID, so a message sent twice after a crash between sending and recording is one message. */
  deliveryId: string;
  to: string;
  subject: string;
  text: string;
  language: string;
  optOutUrl: string;
}

/**
 * Sends an email (the port); the provider's message id when the mail server took it. Throws
 * PermanentDeliveryError when it refused the message for good; any other error is worth a retry.
 */
export abstract class EmailSender {
  abstract send(m: OutgoingEmail): Promise<string>;
}
