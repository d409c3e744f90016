import type { TFunction } from 'i18next';

/**
 * The reasons the gateway's rules give are English sentences; the form shows each in the person's
 * language. A reason it does not know is shown as it came.
 */
const PATTERNS: Array<[RegExp, string]> = [
  [/^required$/, 'requestForm.reasons.required'],
  [/^must be text$/, 'requestForm.reasons.text'],
  [/^must be a number$/, 'requestForm.reasons.number'],
  [/^must be at least (?<n>[\d.-]+)$/, 'requestForm.reasons.atLeast'],
  [/^must be at most (?<n>[\d.-]+) characters$/, 'requestForm.reasons.maxLength'],
  [/^must be at most (?<n>[\d.-]+)$/, 'requestForm.reasons.atMost'],
  [/^must be an ISO 8601 date or date-time$/, 'requestForm.reasons.date'],
  [/^must be a real date$/, 'requestForm.reasons.date'],
  [
    /is not one of|must be one of the listed values|not among|must be a list of the listed values/,
    'requestForm.reasons.listed',
  ],
  [/^required for .*lat and long, an address or a property id$/, 'requestForm.reasons.location'],
  [/^give lat and long, an address, or a property id$/, 'requestForm.reasons.location'],
  [/^lat and long go together$/, 'requestForm.reasons.latLong'],
  [/^not a valid phone number$/, 'requestForm.reasons.phone'],
  [/^required to send updates by (?<m>\w+)$/, 'requestForm.reasons.neededForUpdates'],
  [/^Invalid email address$/i, 'requestForm.reasons.email'],
  [/^this service needs an email or a phone number to reach you$/, 'requestForm.reasons.contactNeeded'],
  [/not offered on the/, 'requestForm.reasons.notOnChannel'],
  [/^unknown service/, 'requestForm.reasons.unknownService'],
];

export function reasonText(t: TFunction, reason: string): string {
  for (const [re, key] of PATTERNS) {
    const m = re.exec(reason);
    if (m) {
      const medium = m.groups?.m;
      return t(key, { n: m.groups?.n, medium: medium ? t(`requestForm.channels.${medium}`) : undefined });
    }
  }
  return reason;
}
