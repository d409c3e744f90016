import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemplateBook } from './template-book';

/**
 * A small template book for unit tests, written to a folder of its own: `case-update` (to everyone
 * following the case, in English and Dutch), `report-received` and `satisfaction-survey` (to the
 * reporter, English only).
 */
export function smallTemplateBook(): TemplateBook {
  const dir = mkdtempSync(join(tmpdir(), 'ns-templates-'));
  writeFileSync(
    join(dir, '_layout.yaml'),
    [
      'en:',
      '  greeting: "Dear {{firstName}},"',
      '  signature: "The city"',
      '  footer: "Stop: {{optOutUrl}}"',
      '  smsFooter: "Reply STOP."',
      'nl:',
      '  greeting: "Beste {{firstName}},"',
      '  signature: "De gemeente"',
      '  footer: "Stoppen: {{optOutUrl}}"',
      '  smsFooter: "Antwoord STOP."',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'case-update.yaml'),
    [
      'id: case-update',
      'audience: followers',
      'en: { subject: "News about {{reference}}: {{service}}", body: "{{note}}", sms: "City, {{reference}}: {{note}}" }',
      'nl: { subject: "Nieuws over {{reference}}: {{service}}", body: "{{note}}", sms: "Gemeente, {{reference}}: {{note}}" }',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'report-received.yaml'),
    [
      'id: report-received',
      'audience: reporter',
      'en: { subject: "We have {{reference}}", body: "We have your report about {{service}}.", sms: "City: we have {{reference}}" }',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'satisfaction-survey.yaml'),
    [
      'id: satisfaction-survey',
      'audience: reporter',
      'en: { subject: "How did we do? {{reference}}", body: "Answer here: {{surveyUrl}}", sms: "City: reply 1 to 5 about {{reference}}" }',
      '',
    ].join('\n'),
  );
  return TemplateBook.load(dir);
}
