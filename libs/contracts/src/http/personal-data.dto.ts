import { z } from 'zod';

/**
 * Whose personal data a service is asked for (docs/personal-data.md): the citizen as the case record
 * knows them (their record and the records merged into it, their cases, their email addresses and
 * phone numbers), worked out by the case-service, which alone can tell who a citizen is. Each
 * service answers with what it holds about any of these, in the city the call names (`X-City`).
 */
export const dataSubjectSchema = z
  .object({
    citizenIds: z.array(z.uuid()).max(100),
    /** Their own requests (not those they follow: those are other citizens'). */
    caseIds: z.array(z.uuid()).max(10_000),
    /** The same cases' references (a town-hall ticket names its case by reference). */
    caseReferences: z.array(z.string().min(1).max(20)).max(10_000),
    contacts: z
      .array(
        z.object({ kind: z.enum(['email', 'phone']), value: z.string().trim().min(1).max(320) }).strict(),
      )
      .max(100),
  })
  .strict();
export type DataSubject = z.infer<typeof dataSubjectSchema>;

/** A message the notification-service sent (or did not send) a citizen, as an export shows it. */
export interface ExportedDelivery {
  at: string;
  reference: string;
  medium: string;
  /** The email address or phone number it went to; null for the portal inbox. */
  address: string | null;
  language: string;
  subject: string;
  text: string;
  outcome: string;
}

/** What the notification-service holds about a data subject. */
export interface NotificationPersonalData {
  service: 'notification-service';
  messages: ExportedDelivery[];
}

/** A town-hall ticket a citizen took, with the contact they left for being called. */
export interface ExportedCounterTicket {
  office: string;
  display: string;
  serviceCode: string | null;
  state: string;
  contact: { email: string | null; phone: string | null } | null;
  issuedAt: string;
  endedAt: string | null;
  caseReference: string | null;
}

/** What the workflow-service holds about a data subject: the tickets they took, and what their cases' workflows kept of the request. */
export interface WorkflowPersonalData {
  service: 'workflow-service';
  counterTickets: ExportedCounterTicket[];
  /** Per case: the address and answers its workflow was started with (it branches on them). */
  workflowRuns: Array<{
    reference: string;
    workflow: string;
    address: string | null;
    attributes: Record<string, unknown>;
  }>;
}

/**
 * How staff made sure the person asking for a citizen's data is that citizen, before exporting it:
 * `photo-id` (an identity document seen at the counter), `known-details` (on the phone: details only
 * the citizen knows, such as a reference with the address and email it was made with), `letter` (a
 * code posted to the address on the record, read back). Kept on the export and in the audit.
 */
export const IDENTITY_CHECKS = ['photo-id', 'known-details', 'letter'] as const;
export const staffExportRequestSchema = z.object({ identityCheck: z.enum(IDENTITY_CHECKS) }).strict();
export type StaffExportRequest = z.infer<typeof staffExportRequestSchema>;

/**
 * The ground an erasure is carried out on (GDPR article 17(1)): consent withdrawn, no longer needed,
 * the citizen objected, processed unlawfully, a legal obligation to erase, or data collected from a
 * child. Named by the administrator, kept on the erasure's record and in the audit.
 */
export const ERASURE_GROUNDS = [
  'consent-withdrawn',
  'no-longer-needed',
  'objection',
  'unlawful',
  'legal-obligation',
  'child',
] as const;
export const erasureRequestSchema = z.object({ ground: z.enum(ERASURE_GROUNDS) }).strict();
export type ErasureRequest = z.infer<typeof erasureRequestSchema>;

/**
 * The ground a citizen's record is restricted on (GDPR article 18(1)): its accuracy contested (while
 * it is checked), processing unlawful but erasure opposed, no longer needed but kept for the
 * citizen's legal claims, or an objection pending. Named by the administrator, kept and audited.
 */
export const RESTRICTION_GROUNDS = [
  'accuracy-contested',
  'unlawful-erasure-opposed',
  'legal-claims',
  'objection-pending',
] as const;
export type RestrictionGround = (typeof RESTRICTION_GROUNDS)[number];
/**
 * The grounds on which the citizen wants their data kept (article 18(1)(b, c): processed unlawfully
 * but erasure opposed; needed for their legal claims): an erasure waits until the restriction is lifted.
 */
export const RESTRICTION_GROUNDS_KEEPING_DATA: readonly RestrictionGround[] = [
  'unlawful-erasure-opposed',
  'legal-claims',
];
export const restrictionRequestSchema = z.object({ ground: z.enum(RESTRICTION_GROUNDS) }).strict();
export type RestrictionRequest = z.infer<typeof restrictionRequestSchema>;

/** How the citizen was told, before their restriction was lifted (article 18(3)). */
export const TOLD_BY = ['letter', 'email', 'phone', 'in-person'] as const;
export const liftRestrictionSchema = z
  .object({
    /** How and on which day the citizen was told it will be lifted: lifting waits for that. */
    told: z.object({ by: z.enum(TOLD_BY), on: z.iso.date() }).strict(),
  })
  .strict();
export type LiftRestriction = z.infer<typeof liftRestrictionSchema>;

/** A citizen's restriction as staff see it on their record: since when, on which ground, by whom. */
export interface CitizenRestrictionView {
  ground: RestrictionGround;
  restrictedAt: string;
  restrictedBy: string;
}

/** What a service erased of a data subject: how many of each kind of row it anonymised or removed. */
export interface ErasedElsewhere {
  service: 'notification-service' | 'workflow-service';
  erased: Record<string, number>;
}
