import { z } from 'zod';
import { EventContract, EventEnvelope } from '../envelope';
import { REFERENCE_PATTERN } from '../reference';

/**
 * Facts from the workflow-service about a case (issue 4 produces them; the case-service folds them
 * into the record). Topic: workflow.events.v1, keyed by case id.
 */
const about = {
  caseId: z.uuid(),
  reference: z.string().regex(REFERENCE_PATTERN),
  at: z.iso.datetime({ offset: true }),
};
const slaTarget = z.enum(['first-response', 'resolution']);

const envelopeExample = (type: string, payload: Record<string, unknown>) => ({
  eventId: '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918',
  type,
  version: 1,
  occurredAt: '2026-11-27T09:15:03.000Z',
  tenantId: 'default',
  correlationId: '9d2f1c8e-0a55-4a9f-8d0e-6f3b2f1a7c44',
  causationId: '3d0c9a3e-2b8f-4f3a-9d55-7a1c2e4b6f10',
  payload: {
    caseId: '6a1f0e2d-4c3b-4a59-8e7d-1f2a3b4c5d6e',
    reference: 'EA49-HVS1-TVR',
    at: '2026-11-27T09:15:03.000Z',
    ...payload,
  },
});

function contract<T extends string, S extends z.ZodType>(
  type: T,
  schema: S,
  example: Record<string, unknown>,
): EventContract<T, z.infer<S>> {
  return {
    type,
    version: 1,
    schema: schema as z.ZodType<z.infer<S>>,
    example: envelopeExample(type, example) as EventEnvelope<T, z.infer<S>>,
  };
}

/**
 * Where a case's work is and how urgent it is (1 the most urgent). `rule` says what decided it: a
 * routing rule's id; `escalation:<target>` when a missed target escalated it; `priority-set:<who>`
 * when a supervisor set its priority, with their `reason` if they gave one.
 */
export const caseRoutedV1 = contract(
  'CaseRouted',
  z.object({
    ...about,
    queue: z.string(),
    priority: z.number().int().min(1).max(4),
    skills: z.array(z.string()),
    rule: z.string(),
    /** Optional and added later: a consumer built before it still reads the fact (the field is dropped). */
    reason: z.string().min(1).max(500).optional(),
    /**
     * The city whose queue (and agents) work the case, when the case's city hands the service over
     * to another by agreement (a shared service, docs/multi-tenancy.md); absent when the case's own
     * city works it. The case stays the record of the city of the envelope.
     */
    workedBy: z.string().min(1).max(64).optional(),
  }),
  { queue: 'highways-north', priority: 2, skills: ['nl'], rule: 'hazard-on-carriageway' },
);
/** A supervisor's change of priority, as CaseRouted carries it: for consumers' tests to replay. */
export const casePrioritySetExample = {
  ...caseRoutedV1.example,
  eventId: '5b4a3928-1706-4f5e-8d7c-6b5a49382716',
  payload: {
    ...caseRoutedV1.example.payload,
    priority: 1,
    rule: 'priority-set:supervisor:supervisor-3',
    reason: 'Councillor enquiry',
  },
} satisfies CaseRoutedV1;
/**
 * Who holds a case now. `by` says how and who: `take-next:<actor>`, `returned:<actor>` or
 * `reassigned:<actor>`, the actor as a label such as `agent:agent-17` (facts from before the label
 * say `take-next` or `returned:<agent id>`).
 */
export const caseAssignedV1 = contract(
  'CaseAssigned',
  z.object({ ...about, queue: z.string(), assignee: z.string().nullable(), by: z.string() }),
  { queue: 'highways-north', assignee: 'agent-17', by: 'take-next:agent:agent-17' },
);
export const dueTimesSetV1 = contract(
  'DueTimesSet',
  z.object({
    ...about,
    firstResponseDueAt: z.iso.datetime({ offset: true }).nullable(),
    resolutionDueAt: z.iso.datetime({ offset: true }),
    calendar: z.string(),
  }),
  {
    firstResponseDueAt: '2026-11-30T09:15:03.000Z',
    resolutionDueAt: '2026-12-04T09:15:03.000Z',
    calendar: 'city-office-hours',
  },
);
export const slaWarningV1 = contract(
  'SlaWarning',
  z.object({
    ...about,
    target: slaTarget,
    dueAt: z.iso.datetime({ offset: true }),
    elapsedShare: z.number().min(0),
  }),
  { target: 'resolution', dueAt: '2026-12-04T09:15:03.000Z', elapsedShare: 0.75 },
);
export const slaBreachedV1 = contract(
  'SlaBreached',
  z.object({
    ...about,
    target: slaTarget,
    dueAt: z.iso.datetime({ offset: true }),
    escalatedTo: z.string().nullable(),
  }),
  { target: 'resolution', dueAt: '2026-12-04T09:15:03.000Z', escalatedTo: 'highways-supervisors' },
);

/** A resolved case was not reopened within the city's period: the case record closes it. */
export const caseCloseDueV1 = contract(
  'CaseCloseDue',
  z.object({ ...about, resolvedAt: z.iso.datetime({ offset: true }), period: z.string() }),
  { resolvedAt: '2026-12-04T09:15:03.000Z', period: '5 working-days' },
);

/**
 * When a resolved case closes by itself unless its citizen reopens it. Sent when the case is
 * resolved: `closesAt` is `resolvedAt` (the time of that change of status) plus `period`, its
 * service's `reopenWithin` or else the city's `autoClose`, on the business calendar. Sent again with
 * `closesAt: null` when that close is called off because the case was reopened in time. The case
 * record keeps `closesAt` and refuses a reopening after it, even while the case is still resolved
 * (CaseCloseDue may come late). A fact about an earlier resolution than the case's latest changes
 * nothing. A type added after the others: consumers are deployed knowing it before the
 * workflow-service sends it (an unknown type is dead-lettered, and replayed from there).
 */
export const caseCloseScheduledV1 = contract(
  'CaseCloseScheduled',
  z.object({
    ...about,
    resolvedAt: z.iso.datetime({ offset: true }),
    closesAt: z.iso.datetime({ offset: true }).nullable(),
    period: z.string(),
  }),
  {
    resolvedAt: '2026-12-04T09:15:03.000Z',
    closesAt: '2026-12-11T09:15:03.000Z',
    period: '5 working-days',
  },
);

/** The workflow asks for a message to the citizen (the notification-service sends it on their channel). */
export const citizenNotificationRequestedV1 = contract(
  'CitizenNotificationRequested',
  z.object({ ...about, template: z.string().min(1), workflow: z.string(), step: z.string() }),
  { template: 'report-received', workflow: 'field-report', step: 'tell-received' },
);
/** The workflow needs something from the citizen: the case waits for them (its clocks stand still). */
export const informationRequestedV1 = contract(
  'InformationRequested',
  z.object({ ...about, template: z.string().min(1), workflow: z.string(), step: z.string() }),
  { template: 'send-proof-of-address', workflow: 'application-with-documents', step: 'ask' },
);
/** The workflow resolved the case itself (answered at first contact, or given up after a reminder). */
export const caseResolvedByWorkflowV1 = contract(
  'CaseResolvedByWorkflow',
  z.object({ ...about, reason: z.string().min(1), workflow: z.string(), step: z.string() }),
  { reason: 'Answered at first contact', workflow: 'first-contact-answer', step: 'done' },
);

export const WORKFLOW_FACTS_V1 = [
  caseRoutedV1,
  caseAssignedV1,
  dueTimesSetV1,
  slaWarningV1,
  slaBreachedV1,
  caseCloseDueV1,
  caseCloseScheduledV1,
  citizenNotificationRequestedV1,
  informationRequestedV1,
  caseResolvedByWorkflowV1,
] as const;
type Fact<C> = C extends EventContract<infer T, infer P> ? EventEnvelope<T, P> : never;
export type CaseRoutedV1 = Fact<typeof caseRoutedV1>;
export type CaseAssignedV1 = Fact<typeof caseAssignedV1>;
export type DueTimesSetV1 = Fact<typeof dueTimesSetV1>;
export type SlaWarningV1 = Fact<typeof slaWarningV1>;
export type SlaBreachedV1 = Fact<typeof slaBreachedV1>;
export type CaseCloseDueV1 = Fact<typeof caseCloseDueV1>;
export type CaseCloseScheduledV1 = Fact<typeof caseCloseScheduledV1>;
export type CitizenNotificationRequestedV1 = Fact<typeof citizenNotificationRequestedV1>;
export type InformationRequestedV1 = Fact<typeof informationRequestedV1>;
export type CaseResolvedByWorkflowV1 = Fact<typeof caseResolvedByWorkflowV1>;
export type WorkflowFactV1 =
  | CaseRoutedV1
  | CaseAssignedV1
  | DueTimesSetV1
  | SlaWarningV1
  | SlaBreachedV1
  | CaseCloseDueV1
  | CaseCloseScheduledV1
  | CitizenNotificationRequestedV1
  | InformationRequestedV1
  | CaseResolvedByWorkflowV1;
