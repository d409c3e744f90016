import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** Waits until `pick` finds something in `list`, or fails with `what`. */
async function waitIn<T>(list: T[], pick: (x: T) => boolean, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = list.find(pick);
    if (hit) return hit;
    if (Date.now() > deadline)
      throw new Error(`${what}: nothing arrived in ${timeoutMs} ms (${list.length} arrived)`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string;
  headers: Map<string, unknown>;
  raw: string;
}

/**
 * A real SMTP server on localhost (smtp-server) that keeps what it receives, parsed (mailparser), so
 * tests and the demo read the mail a service really sent. `refuse(n, code)` makes the next n
 * messages fail with that reply code (4xx: try later; 5xx: refused for good).
 */
export class MailSink {
  readonly mails: ReceivedMail[] = [];
  private refusals: number[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  async start(port = 0, host = '127.0.0.1'): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      // No reverse DNS of each client: it is always this machine, and the lookup costs every connection.
      disableReverseLookup: true,
      logger: false,
      onData: (stream, session, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const code = this.refusals.shift();
          if (code)
            return done(
              Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'try again later'), {
                responseCode: code,
              }),
            );
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((m) => {
              this.mails.push({
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
                subject: m.subject ?? '',
                text: m.text ?? '',
                messageId: m.messageId ?? '',
                headers: m.headers as Map<string, unknown>,
                raw,
              });
              done();
            })
            .catch((e: Error) => done(e));
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    // A client that drops its connection mid-message (a sender killed) is the client's trouble, as on a
    // real mail server: without a listener, the server's 'error' would end this process.
    this.server.on('error', () => undefined);
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  refuse(times: number, code: number): void {
    this.refusals.push(...Array.from({ length: times }, () => code));
  }

  /** Takes every message again (the refusals still queued are dropped). */
  accept(): void {
    this.refusals = [];
  }

  waitFor(pick: (m: ReceivedMail) => boolean, timeoutMs = 15_000): Promise<ReceivedMail> {
    return waitIn(this.mails, pick, 'mail', timeoutMs);
  }

  to(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.to.includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

export interface ReceivedSms {
  from: string;
  to: string;
  text: string;
  idempotencyKey: string | null;
  authorization: string | null;
  id: string;
}

/**
 * A local stand-in for an SMS provider's HTTP API: POST /messages {from, to, text} with a bearer
 * token answers 201 {id} and keeps the message (a repeated Idempotency-Key is sent once, as real
 * providers do); GET /messages lists them. `fail(n, status)` answers the next n with that status.
 */
export class SmsStandIn {
  readonly messages: ReceivedSms[] = [];
  private failures: number[] = [];
  private server: Server | null = null;
  port = 0;

  constructor(private readonly token = 'demo-sms-token') {}

  async start(port = 0, host = '127.0.0.1'): Promise<this> {
    this.server = createServer((req, res) => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'GET' && req.url === '/messages') return send(200, { messages: this.messages });
      if (req.method !== 'POST' || req.url !== '/messages') return send(404, { error: 'not found' });
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.headers.authorization !== `Bearer ${this.token}`) return send(401, { error: 'bad token' });
        const status = this.failures.shift();
        if (status)
          return send(status, { error: status === 400 ? 'number not in service' : 'provider busy' });
        let body: { from?: string; to?: string; text?: string };
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return send(400, { error: 'not JSON' });
        }
        if (!body.to || !/^\+\d{6,15}$/.test(body.to) || !body.text)
          return send(400, { error: 'to (E.164) and text are required' });
        const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
        const seen = key ? this.messages.find((m) => m.idempotencyKey === key) : undefined;
        if (seen) return send(200, { id: seen.id });
        const m = {
          from: body.from ?? '',
          to: body.to,
          text: body.text,
          idempotencyKey: key,
          authorization: req.headers.authorization ?? null,
          id: `sms-${this.messages.length + 1}`,
        };
        this.messages.push(m);
        send(201, { id: m.id });
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/messages`;
  }

  fail(times: number, status: number): void {
    this.failures.push(...Array.from({ length: times }, () => status));
  }

  waitFor(pick: (m: ReceivedSms) => boolean, timeoutMs = 15_000): Promise<ReceivedSms> {
    return waitIn(this.messages, pick, 'text message', timeoutMs);
  }

  to(number: string): ReceivedSms[] {
    return this.messages.filter((m) => m.to === number);
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
