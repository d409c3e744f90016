// The demo's stand-ins for the outside world the notification-service talks to: a real SMTP server
// that keeps every email it is sent, and an SMS provider's HTTP API that keeps every text. Anything
// real (the city's mail relay, its SMS provider) replaces them by configuration: SMTP_URL and
// SMS_PROVIDER_URL. Used by `npm run up` and docker-compose.yml; never in production.
//
//   node tools/run-ts.js tools/dev-outbox.ts        SMTP on 2525, SMS API on 3090, mailbox on 3091
//   GET http://127.0.0.1:3091/mail        every email received (to, subject, text)
//   GET http://127.0.0.1:3090/messages    every text message received
import { createServer } from 'node:http';
import { MailSink, SmsStandIn } from '@city/platform-testing';

const SMTP_PORT = Number(process.env.DEV_SMTP_PORT ?? 2525);
const SMS_PORT = Number(process.env.DEV_SMS_PORT ?? 3090);
const MAILBOX_PORT = Number(process.env.DEV_MAILBOX_PORT ?? 3091);
const HOST = process.env.DEV_OUTBOX_HOST ?? '127.0.0.1';

async function main() {
  const mail = await new MailSink().start(SMTP_PORT, HOST);
  const sms = await new SmsStandIn(process.env.SMS_PROVIDER_TOKEN ?? 'demo-sms-token').start(SMS_PORT, HOST);
  const mailbox = createServer((req, res) => {
    res.writeHead(req.url === '/mail' ? 200 : 404, { 'content-type': 'application/json; charset=utf-8' });
    res.end(
      JSON.stringify(
        req.url === '/mail'
          ? {
              mails: mail.mails.map(({ to, subject, text, messageId }) => ({ to, subject, text, messageId })),
            }
          : { error: 'GET /mail' },
      ),
    );
  });
  await new Promise<void>((r) => mailbox.listen(MAILBOX_PORT, HOST, () => r()));
  console.log(
    `[dev-outbox] SMTP ${HOST}:${SMTP_PORT}, SMS API http://${HOST}:${SMS_PORT}/messages, mailbox http://${HOST}:${MAILBOX_PORT}/mail`,
  );
  let seenMail = 0;
  let seenSms = 0;
  const tick = setInterval(() => {
    for (; seenMail < mail.mails.length; seenMail++)
      console.log(
        `[dev-outbox] email to ${mail.mails[seenMail].to.join(', ')}: ${mail.mails[seenMail].subject}`,
      );
    for (; seenSms < sms.messages.length; seenSms++)
      console.log(`[dev-outbox] text to ${sms.messages[seenSms].to}: ${sms.messages[seenSms].text}`);
  }, 250);
  const stop = async () => {
    clearInterval(tick);
    mailbox.close();
    await Promise.all([mail.stop(), sms.stop()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
