import type { CitizenRestrictionView } from '@city/contracts';
/**
 * The JSON the console sends to and reads from the back-end services, as their controllers and view
 * functions produce it today (case-service, workflow-service, intake-gateway, notification-service).
 * Types only: nothing here runs. Timestamps are ISO 8601 strings (UTC, `toISOString()`); ids are UUIDs
 * unless said otherwise; agent, clerk and supervisor ids are the token's user name (`agent-17`).
 *
 * ERRORS — every error of every service has one shape (`ErrorResponse`, libs/platform/http):
 *
 *   { statusCode: number, error: string, message: string, code?: string, errors?: FieldError[] }
 *   FieldError = { field: string, reason: string }
 *
 * - `error` is the status text ('Bad Request', 'Unauthorized', 'Forbidden', 'Not Found', 'Conflict',
 *   'Unprocessable Entity', 'Too Many Requests', 'Service Unavailable', ...).
 * - `code` is only there for a use case's refusal (a DomainError, e.g. `case.stale-version`). Errors
 *   raised at the HTTP edge (body/query validation, auth, 404s thrown by controllers, the
 *   intake-gateway's submission outcomes, 429s) carry NO `code`: act on `statusCode` and `errors`.
 * - `errors` lists the fields at fault, when there are any. Field paths are dotted with [i] for array
 *   items: `status`, `location.lat`, `attributes.depth`, `contact.phone`. `(body)` means the body as a
 *   whole (not JSON, empty, too large, not an object) or an unknown field (`reason: "unknown field: actor"`;
 *   every body schema is strict). A path parameter is named by its meaning, not always its route
 *   name: `caseId`, `ticketId` (route `:id`), `id`, `reference`, `agentId`, `code`.
 * - 400: validation. `message` is 'The request is not valid; see errors.' for schema failures (bodies
 *   and the case search query), or the rule's words with a `code` for domain refusals
 *   (`case.transition-not-allowed`, `case.duplicate-by-link`, `case.link-to-itself`,
 *   `case.invalid-reference`, `citizen.merge-into-itself`, `counter.no-such-queue`).
 *   Intake (POST phone/counter requests) answers 400 with e.g.
 *   `{ field: 'serviceCode', reason: 'unknown service "x"' }`,
 *   `{ field: 'serviceCode', reason: '"x" is not offered on the phone channel' }`,
 *   `{ field: 'attributes.depth', reason: 'required' }`, `{ field: 'location', reason: 'required for ...' }`,
 *   `{ field: 'contact.email', reason: 'required to send updates by email' }`,
 *   `{ field: 'contact.phone', reason: 'not a valid phone number' }`.
 * - 401: no or bad bearer token (WWW-Authenticate: Bearer). 403: the role may not call the route, or
 *   acts for someone else (another agent's items without being a supervisor; a clerk at an office
 *   other than their token's, or whose account names no office).
 * - 404: e.g. `case.not-found` ('No case EA49-HVS1-TVR.'; with `{field:'toReference'}` for a link
 *   target), `citizen.not-found`, `agents.no-profile` ('No work profile for agent-17; set one with
 *   PUT /api/v1/agents/agent-17.'), `work-items.not-found`, `counter.no-office`, `counter.no-ticket`,
 *   `counter.not-configured`; no `code` on 'No work item for case <id>.' (GET work-items/:caseId),
 *   'No service <code> in the catalogue.' and 'No service with code "<code>".'.
 * - 422 (intake only): 'This idempotency key was used for a different request.',
 *   errors `[{ field: 'idempotencyKey', reason: 'already used for a different request' }]`, no `code`.
 * - 429: rate limits (only public routes: POST counters/:office/tickets), with Retry-After.
 * - 503: intake's catalogue still loading ('The service catalogue is still loading; try again
 *   shortly.', Retry-After 2) or Kafka away ('We could not record your request just now; nothing was
 *   submitted. Please try again.', Retry-After 5); nothing was accepted.
 *
 * THE 409s (Conflict), by endpoint, with what the body says:
 * - POST /api/v1/cases/:reference/status, /notes, /links —
 *   code `case.stale-version`, message 'The case changed since you loaded it (now version N); reload
 *   it and try again.', errors `[{ field: 'expectedVersion', reason: 'the case is at version N' }]`.
 *   (Notes only when `expectedVersion` was sent.)
 * - POST /api/v1/cases/:reference/links — also code `case.already-linked`, message 'These cases are
 *   already linked.', errors `[{ field: 'toReference', reason: 'already <kind> <REF>' }]` (checked in
 *   this direction only: B→A is allowed when A→B exists).
 * - POST /api/v1/citizens/:id/merges — code `citizen.survivor-merged`, message 'Citizen <id> was merged
 *   into <id>; merge into that record instead.' (no errors); code `citizen.already-merged`, message
 *   'Citizen <id> was already merged into <id>.', errors `[{ field: 'mergeCitizenId', reason: 'already merged' }]`.
 * - POST /api/v1/agents/:agentId/take-next — code `work-items.at-capacity`, message '<agent> already
 *   holds N items, the capacity of their profile; finish or return one first.', errors
 *   `[{ field: 'capacity', reason: 'at capacity (N)' }]`.
 * - POST /api/v1/work-items/:caseId/return — code `work-items.not-the-assignee`, message 'Case <REF>
 *   is not held by <agent>.', errors `[{ field: 'agentId', reason: 'not the assignee' }]` (a
 *   supervisor too can only return what they hold themselves); code `work-items.done`, message 'The
 *   work on case <REF> is done.' (no errors).
 * - POST /api/v1/work-items/:caseId/reassign — code `work-items.agent-at-capacity`, message '<agent>
 *   already holds N items, the capacity of their profile.', errors `[{ field: 'agentId', reason: 'at
 *   capacity (N)' }]`; code `work-items.done` as above.
 * - POST /api/v1/counters/:office/tickets/:id/done and /no-show — code `counter.ticket-not-called`,
 *   message 'Ticket A001 is <state>; only a called ticket can end.' (no errors); code
 *   `counter.not-the-clerk`, message 'Ticket A001 was called by <clerk>.', errors
 *   `[{ field: 'clerkId', reason: 'not the clerk who called it' }]`.
 * - POST /api/v1/counters/:office/tickets/:id/transfer — code `counter.not-serving`, message 'Ticket
 *   A001 is not being served by <clerk>.' (no errors).
 * - POST /api/v1/phone/requests, /api/v1/counter/requests — NO `code`: message 'A request with this
 *   idempotency key is being submitted; retry in a moment.', errors
 *   `[{ field: 'idempotencyKey', reason: 'in progress' }]`.
 */
import type {
  AgentScreenPop,
  ContactInput,
  CaseStatus,
  Channel,
  Language,
  LocationInput,
  MessageMedium,
  ServiceDefinition,
  UpdateChannel,
  AttributeDatatype,
  CaseDocumentView,
  CounterTicketState as TicketState,
  CounterTicketView as CounterTicket,
  CounterTicketWithWait,
} from '@city/contracts';

// ─── Shared ─────────────────────────────────────────────────────────────────────────────────────

/** Every error answer of every endpoint below (see the comment at the top). */
export type { ErrorResponse } from '@city/contracts';

/** One field at fault in an ErrorResponse's `errors`. */
export type { FieldError } from '@city/contracts';

/** Case statuses (CaseView.status, POST cases/:reference/status, GET cases?status=). */
export type { CaseStatus } from '@city/contracts';

/** The four intake channels: web, phone, kiosk, counter (case origin, work items, `channel` in bodies). */
export type { Channel } from '@city/contracts';

/** How a citizen hears from the city: email, sms, web, phone, post (citizen views). */
export type { UpdateChannel } from '@city/contracts';

/** Languages the city serves: en, nl, sv, da, de, no, fr (citizen views, messages, LocalizedText keys). */
export type { Language } from '@city/contracts';

/** How a message reached a citizen: email, sms, portal (interactions, messages). */
export type { MessageMedium } from '@city/contracts';

/** An attribute value as submitted and as kept on a case (CaseView.attributes, SubmitRequestBody.attributes). */
export type AttributeValue = string | number | string[];

/** Service interaction type (CaseView.service.interaction, catalogue, services): the LGSL interaction lists. */
export type InteractionType = ServiceDefinition['interaction'];

/** 1 is the most urgent, 4 the least; the workflow sets it, 3 until routed (CaseView, WorkItem). */
export type Priority = 1 | 2 | 3 | 4;

/** Due times of a case or work item (CaseView.dueAt, WorkItem.dueAt); null while the workflow has not set them. */
export interface DueTimes {
  firstResponse: string | null;
  resolution: string | null;
}

// ─── case-service: cases ────────────────────────────────────────────────────────────────────────

/**
 * GET /api/v1/cases query parameters (all optional, strict: an unknown parameter is a 400).
 * Query strings on the wire; `limit` is coerced (1 to 100, default 25). email or phone look up the
 * citizen who owns that contact (phone normalised to E.164); name is matched anywhere in "first last".
 */
export interface CaseSearchParams {
  /** Any case, spaces or dashes allowed; max 20. */
  reference?: string;
  /** 2 to 100 characters. */
  name?: string;
  email?: string;
  phone?: string;
  /** 3 to 300 characters, matched anywhere in the case's address. */
  address?: string;
  /** A service code. */
  service?: string;
  status?: CaseStatus;
  queue?: string;
  limit?: number | string;
}

/** One case (GET /api/v1/cases items; GET /api/v1/cases/:reference `case`; the 200/201 answer of POST cases/:reference/status, /notes, /links; GET /api/v1/citizens/:id `cases`). */
export interface CaseView {
  id: string;
  /** e.g. EA49-HVS1-TVR */
  reference: string;
  service: {
    code: string;
    version: number;
    lgslId: number;
    interaction: InteractionType;
  };
  status: CaseStatus;
  priority: Priority;
  description: string | null;
  attributes: Record<string, AttributeValue>;
  /** Always an object; every part null for a request without a place. */
  location: {
    lat: number | null;
    long: number | null;
    address: string | null;
    /** e.g. a UPRN */
    propertyId: string | null;
  };
  channelOfOrigin: Channel;
  /** The reporting citizen's id; null for an anonymous request. */
  citizenId: string | null;
  queue: string;
  /** The agent holding its work item (`agent-17`), or null. */
  assignee: string | null;
  dueAt: DueTimes;
  /** The id (UUID) of the case this one duplicates: NOT a reference (links[] has the reference). */
  duplicateOf: string | null;
  receivedAt: string;
  updatedAt: string;
  /** Send it back as `expectedVersion` on changes. */
  version: number;
}

/** GET /api/v1/cases response. `count` is the number of cases returned (at most `limit`), not a total. Newest received first. */
export interface CaseSearchResult {
  count: number;
  cases: CaseView[];
}

/** TimelineEntry.kind (GET /api/v1/cases/:reference `timeline`). */
export type TimelineKind =
  | 'created'
  | 'routed'
  | 'assigned'
  | 'due-times-set'
  | 'sla-warning'
  | 'sla-breached'
  | 'status-changed'
  | 'note-added'
  | 'linked'
  | 'message-sent'
  | 'message-not-sent'
  | 'contact'
  | 'citizen-merged'
  | 'citizen-unmerged'
  | 'citizen-replied'
  | 'satisfaction-recorded';

/**
 * One line of a case's history (GET /api/v1/cases/:reference `timeline`, oldest first). No id and no
 * details: an internal note's summary is prefixed "Internal note: ", a shared note's is the text itself.
 */
export interface TimelineEntry {
  kind: TimelineKind;
  /** `citizen:...`, `agent:agent-17`, `clerk:clerk-9`, `service:workflow-service`, a device, ... */
  actor: string;
  /** A channel, a message medium (email, sms, portal), or null (workflow facts, reversals). */
  channel: Channel | MessageMedium | null;
  at: string;
  summary: string;
  /** A citizen's reply (`citizen-replied`): the message they wrote, if any. */
  message?: string;
}

/** Interaction.kind (GET /api/v1/cases/:reference and GET /api/v1/citizens/:id `interactions`). */
export type InteractionKind =
  | 'web-submission'
  | 'open311-submission'
  | 'phone-call'
  | 'kiosk-session'
  | 'counter-visit'
  | 'outbound-message'
  | 'preferences-change';

/** One contact with a citizen (GET /api/v1/cases/:reference `interactions`, oldest first; GET /api/v1/citizens/:id `interactions`, newest first). */
export interface Interaction {
  id: string;
  /** One of the four channels, or for messages the medium. */
  channel: Channel | MessageMedium;
  direction: 'inbound' | 'outbound';
  kind: InteractionKind;
  handledBy: string | null;
  handlerKind: 'agent' | 'clerk' | 'device' | 'client-app' | 'citizen' | null;
  occurredAt: string;
  summary: string;
  /** Case ids (UUIDs), not references. */
  caseIds: string[];
}

/** A link as seen from the case being read (GET /api/v1/cases/:reference `links`). */
export interface CaseLink {
  /** `duplicated-by` is an incoming `duplicate-of`; an incoming `related-to` stays `related-to`. */
  kind: 'duplicate-of' | 'related-to' | 'duplicated-by';
  /** The other case's reference (null only if it cannot be found). */
  reference: string | null;
  direction: 'outgoing' | 'incoming';
}

/** A way to reach a citizen (GET /api/v1/cases/:reference `citizen.contactPoints`, GET /api/v1/citizens/:id `citizen.contactPoints`). Emails lower-cased, phones E.164. */
export interface ContactPoint {
  kind: 'email' | 'phone' | 'address';
  value: string;
}

/** The case's citizen (GET /api/v1/cases/:reference `citizen`): fewer fields than CitizenView (no consentUpdates, mergedInto, possibleMatchOf). */
export interface CaseCitizen {
  id: string;
  firstName: string | null;
  lastName: string | null;
  preferredChannel: UpdateChannel;
  language: Language;
  supportNeeds: boolean;
  contactPoints: ContactPoint[];
  /** Set while the citizen's record is restricted (GDPR article 18). */
  restriction: CitizenRestriction | null;
}

/** GET /api/v1/cases/:reference response (audited read). */
export interface CaseDetail {
  case: CaseView;
  /** The city whose case it is, when the agent's city works it for that city (a shared service). */
  workedFor: { city: string; name: string } | null;
  links: CaseLink[];
  /** null for an anonymous request. */
  citizen: CaseCitizen | null;
  timeline: TimelineEntry[];
  interactions: Interaction[];
  /** Documents citizens sent with their replies, oldest first; bytes at GET cases/:reference/documents/:id (attachment). */
  documents: CaseDocumentView[];
}

/** A document of a case (GET /api/v1/cases/:reference `documents`): `scan` is `clean` or `not-scanned` (no scanner configured). */
export type { CaseDocumentView } from '@city/contracts';

/** POST /api/v1/cases/:reference/status body (strict); answer 200 CaseView. `reason` is required by the lifecycle for some moves; `duplicate` is refused (use links). */
export type { ChangeStatusBody } from '@city/contracts';

/**
 * POST /api/v1/cases/:reference/notes body (strict); answer 201 CaseView. Declared here because the
 * contracts' AddNoteBody is the parsed shape (its `visibility` is required there, defaulted here).
 */
export interface AddNoteBody {
  /** 1 to 4000 characters (trimmed). */
  text: string;
  /** Default `internal`; `shared` notes show to the citizen (Open311 status notes). */
  visibility?: 'internal' | 'shared';
  /** Optional here (unlike status and links); when sent, a stale one is a 409. */
  expectedVersion?: number;
  channel?: Channel;
}

/** POST /api/v1/cases/:reference/links body (strict); answer 201 CaseView (of the case in the path). `duplicate-of` also moves this case to status `duplicate`. */
export type { LinkCaseBody } from '@city/contracts';

// ─── case-service: citizens ─────────────────────────────────────────────────────────────────────

/** The citizen record (GET /api/v1/citizens/:id `citizen`). */
export interface CitizenView {
  id: string;
  firstName: string | null;
  lastName: string | null;
  preferredChannel: UpdateChannel;
  language: Language;
  consentUpdates: boolean;
  supportNeeds: boolean;
  /** Set when this record was merged into another: follow it there (the read is not redirected). */
  mergedInto: string | null;
  /** Set when this record was kept apart from that citizen's: merge them if they are one person. */
  possibleMatchOf: string | null;
  contactPoints: ContactPoint[];
  /** Set while the record is restricted (GDPR article 18). */
  restriction: CitizenRestriction | null;
  /** When the citizen's personal data was erased from this record; null while it holds it. */
  erasedAt: string | null;
}

/** A restriction in force on a citizen's record (article 18): kept as it is, not merged or changed by staff. */
export type CitizenRestriction = CitizenRestrictionView;

/** One merge of citizen records (GET /api/v1/citizens/:id `merges`, GET /api/v1/citizens/:id/merges `merges`, the 201 answer of POST /api/v1/citizens/:id/merges). */
export interface CitizenMerge {
  id: string;
  survivorId: string;
  mergedId: string;
  /** Actor label, e.g. `agent:agent-17`. */
  mergedBy: string;
  channel: Channel | null;
  reason: string;
  mergedAt: string;
  /** How many things moved (counts only). */
  moved: {
    cases: number;
    interactions: number;
    contactPoints: number;
    subscriptions: number;
  };
  reversal: { by: string | null; at: string; reason: string | null } | null;
}

/** GET /api/v1/citizens/:id response (audited read): the 360 view. Cases newest first; interactions newest first. */
export interface Citizen360 {
  citizen: CitizenView;
  cases: CaseView[];
  interactions: Interaction[];
  /** The distinct `channel`s of the interactions (channels and message media). */
  channels: Array<Channel | MessageMedium>;
  merges: CitizenMerge[];
}

/** GET /api/v1/citizens/:id/merges response: both ways (as survivor and as merged), newest first. */
export interface CitizenMerges {
  merges: CitizenMerge[];
}

/** POST /api/v1/citizens/:id/merges body (strict): `mergeCitizenId` (UUID) is merged into `:id`; `reason` 3 to 2000; optional `channel`. Answer 201 CitizenMerge. */
export type { MergeCitizensBody } from '@city/contracts';

// ─── case-service: screen-pops (SSE) ────────────────────────────────────────────────────────────

/**
 * The data of a `screen-pop` event of GET /api/v1/agent/screen-pops: agentId, callId,
 * action ('open' | 'close'), callerNumber (E.164 where normalised; null on close), queue (string |
 * null), durationSeconds (number | null, set on close), at (ISO), and caller
 * ({ citizenId, firstName, lastName } | null — null for an unknown number and always on close).
 */
export type { AgentScreenPop } from '@city/contracts';

/**
 * GET /api/v1/agent/screen-pops (text/event-stream, role agent, bearer token in the Authorization
 * header: a plain browser EventSource cannot send it). Named events, so listen by event name:
 * `open` once when listening, `screen-pop` per call (SSE id = callId), `heartbeat` every 20 s.
 */
export type ScreenPopStreamEvent =
  | { event: 'open'; data: { agent: string } }
  | { event: 'screen-pop'; id: string; data: AgentScreenPop }
  | { event: 'heartbeat'; data: Record<string, never> };

// ─── workflow-service: catalogue ────────────────────────────────────────────────────────────────

/** A catalogue entry (GET /api/v1/catalogue/services `services`, sorted by code, latest version of each, inactive ones included). */
export interface CatalogueServiceSummary {
  code: string;
  version: number;
  active: boolean;
  /** The English name only (a plain string, not LocalizedText). */
  name: string;
  interaction: InteractionType;
  workflow: string | null;
  defaultQueue: string;
}

/** GET /api/v1/catalogue/services response. */
export interface CatalogueServiceList {
  services: CatalogueServiceSummary[];
}

/** One version of a service (GET /api/v1/catalogue/services/:code `history`, newest first). */
export interface CatalogueServiceVersion {
  version: number;
  /** An administrator's label, or the file the version was imported from. */
  changedBy: string;
  reason: string;
  changedAt: string;
  active: boolean;
}

/** GET /api/v1/catalogue/services/:code response: the latest version in full, and its history. */
export interface CatalogueServiceDetail {
  service: ServiceDefinition;
  history: CatalogueServiceVersion[];
}

/**
 * A whole service definition (GET /api/v1/catalogue/services/:code `service`): code, version, active,
 * lgslId, lgilId, interaction, group, keywords, name/description (LocalizedText), attributes,
 * locationRequired, channels, sla { firstResponse?, resolution, promise }, defaultQueue, workflow?,
 * open311? { public, location }.
 */
export type { ServiceDefinition } from '@city/contracts';

/** An attribute of a ServiceDefinition: code, datatype, required, order, description, datatypeDescription?, values? ({ key, name }[] for list datatypes), min?/max? (number), maxLength? (string/text), safetyHazardWhen?. */
export type { ServiceAttribute } from '@city/contracts';

/** A text per language: `en` always, plus any of nl, sv, da, de, no, fr (ServiceDefinition names, descriptions, promise). */
export type { LocalizedText } from '@city/contracts';

/** ServiceAttribute.datatype: string, number, datetime, text, singlevaluelist, multivaluelist. */
export type { AttributeDatatype } from '@city/contracts';

/** ServiceDefinition.sla targets: { value, unit: working-days | working-hours | calendar-days | hours }. */
export type { SlaTarget } from '@city/contracts';

// ─── workflow-service: agents and work items ────────────────────────────────────────────────────

/** `:agentId` of the agent routes: `me` for the caller; another agent's id (e.g. agent-17) only for a supervisor (and never for take-next). */
export type AgentIdParam = string;

/** One work profile with its load (GET /api/v1/agents `agents`, sorted by id; clerks' profiles too). Not presence: nothing says who is signed in. */
export interface AgentLoad {
  id: string;
  queues: string[];
  skills: string[];
  capacity: number;
  /** Items assigned to them now. */
  holding: number;
  /** capacity − holding, never below 0. */
  free: number;
  oldestAssignedAt: string | null;
  /** Earliest resolution due among the items held. */
  nextDueAt: string | null;
  /** When the console last reported them present (every 60 s while signed in). */
  lastSeenAt: string | null;
  /** Seen within the last two minutes. */
  signedIn: boolean;
}

/** GET /api/v1/agents response (supervisor, ops). */
export interface AgentsLoad {
  agents: AgentLoad[];
}

/**
 * PUT /api/v1/agents/:agentId body (strict). Replaces the whole profile: omitted `skills` become [],
 * omitted `capacity` becomes the service default (not the current value). Names: letters, digits, . : @ - _.
 */
export interface AgentProfileBody {
  /** 1 to 50 queue names. */
  queues: string[];
  /** Up to 50; default []. */
  skills?: string[];
  /** 1 to 100. */
  capacity?: number;
}

/** PUT /api/v1/agents/:agentId response (200): the profile as set. */
export interface AgentProfile {
  id: string;
  queues: string[];
  skills: string[];
  capacity: number;
}

/** WorkItem.state and GET /api/v1/queues/:queue/items?state=. */
export type WorkItemState = 'queued' | 'assigned' | 'done';

/**
 * A case in a work queue (workItemView): the 200 answer of POST /api/v1/agents/:agentId/take-next
 * (204, no body, when there is nothing to take), GET /api/v1/work-items/:caseId,
 * POST /api/v1/work-items/:caseId/return and /reassign; the `items` of GET agents/:agentId/items and
 * GET queues/:queue/items.
 */
export interface WorkItem {
  caseId: string;
  reference: string;
  /** The service code (a plain string, unlike CaseView.service). */
  service: string;
  channel: Channel;
  queue: string;
  priority: Priority;
  /** Skills an agent needs (all of them). */
  skills: string[];
  state: WorkItemState;
  /** Bare agent id (`agent-17`), or null. */
  assignee: string | null;
  escalated: boolean;
  /** The routing rule that placed it. */
  rule: string;
  area: string | null;
  dueAt: DueTimes;
  receivedAt: string;
  assignedAt: string | null;
  /** The resolution clock as the SLA timers keep it. */
  sla?: {
    state: 'running' | 'paused' | 'warned' | 'breached' | 'stopped' | 'fired';
    warnAt: string | null;
    dueAt: string | null;
  } | null;
}

/** GET /api/v1/agents/:agentId/items response: what the agent holds now (priority, then resolution due). Unknown agent: empty list. */
export interface HeldItems {
  items: WorkItem[];
}

/** GET /api/v1/queues/:queue/items query parameters (strings on the wire). */
export interface QueueItemsParams {
  /** Default `queued`. */
  state?: WorkItemState;
  /** 1 to 500, default 50. */
  limit?: number | string;
}

/** GET /api/v1/queues/:queue/items response: in take order (priority, resolution due, received). An unknown queue is an empty list. */
export interface QueueItems {
  queue: string;
  state: WorkItemState;
  items: WorkItem[];
}

/** POST /api/v1/agents/:agentId/take-next: no body is read. POST /api/v1/work-items/:caseId/return: no body, or `{}` (strict). */
export type EmptyBody = Record<string, never>;

/** POST /api/v1/work-items/:caseId/reassign body (supervisor; strict): at least one of them. With `queue` the item is queued there; with `agentId` it is assigned to them (capacity checked). */
export interface ReassignBody {
  agentId?: string;
  queue?: string;
}

// ─── workflow-service: counters ─────────────────────────────────────────────────────────────────

// The ticket as the workflow-service gives it, from the contracts (the service's ticketView is typed by them).
export type { CounterTicket, CounterTicketWithWait, TicketState };

/** POST /api/v1/counters/:office/tickets body (public, rate limited; strict; may be omitted). */
export interface TakeTicketBody {
  /** Chooses the queue; unknown or omitted → the default queue. */
  serviceCode?: string;
  /** Keeps the visit on the citizen's record. */
  email?: string;
  phone?: string;
}

/** POST /api/v1/counters/:office/call-next body (clerk, supervisor; strict). */
export interface CallNextBody {
  /** The counter to call to, 1 to 20 characters. */
  counter: string;
}

/** POST /api/v1/counters/:office/tickets/:id/done body (strict; may be omitted). */
export interface ServeTicketBody {
  /** The case the visit led to, written as EA49-HVS1-TVR (canonical form only). */
  caseReference?: string;
}

/** POST /api/v1/counters/:office/tickets/:id/no-show body: none, or `{}` (strict). */
export type NoShowBody = Record<string, never>;

/** POST /api/v1/counters/:office/tickets/:id/transfer body (strict): a counter queue id. */
export interface TransferTicketBody {
  queue: string;
}

/** GET /api/v1/counters/:office/board response (public): today's called tickets and waiting counts, nothing personal. */
export interface CounterBoard {
  office: { id: string; name: string };
  /** Tickets called and not yet ended, in issue order. */
  called: Array<{ ticket: string; counter: string | null }>;
  /** Every counter queue of the city (not per office), with how many wait at this office today. */
  queues: Array<{ queue: string; letter: string; waiting: number }>;
}

// ─── intake-gateway ─────────────────────────────────────────────────────────────────────────────

/** Where a request is (SubmitRequestBody.location): lat and long together, or an address, or a property id. */
export type { LocationInput } from '@city/contracts';

/** Who asks (SubmitRequestBody.contact): firstName, lastName, email, phone (any notation; normalised to E.164), address. */
export type { ContactInput } from '@city/contracts';

/**
 * The request part shared by POST /api/v1/phone/requests and /api/v1/counter/requests (strict).
 * Declared here because the contracts' SubmitRequestBody is the parsed shape (`attributes` defaulted).
 */
export interface SubmitRequestBody {
  serviceCode: string;
  description?: string;
  /** Keys are the service's attribute codes; default {}. */
  attributes?: Record<string, AttributeValue>;
  location?: LocationInput;
  contact?: ContactInput;
  /** Default: email if an email is given, else sms if a phone is, else web. */
  preferredChannel?: UpdateChannel;
  language?: Language;
  /** https only, up to 10. */
  mediaUrls?: string[];
  /** 8 to 128 of letters, digits and . _ : -; the gateway makes one if omitted. */
  idempotencyKey?: string;
}

/** POST /api/v1/phone/requests body (agent, supervisor). The agent is the token, never a body field. */
export interface PhoneSubmitBody extends SubmitRequestBody {
  callId: string;
  callerNumber?: string;
}

/** POST /api/v1/counter/requests body (clerk, supervisor). The clerk is the token, never a body field. */
export interface CounterSubmitBody extends SubmitRequestBody {
  office: string;
  /** Max 32. */
  counter: string;
  /** The queue ticket the citizen held, max 16. */
  ticket?: string;
}

/** The 202 answer of POST /api/v1/phone/requests and /api/v1/counter/requests: { reference, status: 'accepted', duplicate, serviceCode, receivedAt, trackUrl }. The case exists a moment later, not yet. */
export type { AcceptedResponse, AcceptedResponse as Accepted } from '@city/contracts';

/** GET /api/v1/services query parameters (public). An unknown `lang` falls back to en; an unknown `channel` is a 400. */
export interface ServicesParams {
  lang?: string;
  channel?: Channel;
}

/** GET /api/v1/services/:code query parameters (public). */
export interface ServiceParams {
  lang?: string;
}

/** One service in the wanted language (GET /api/v1/services: a bare array of these, active only, sorted by English name). */
export interface ServiceSummary {
  code: string;
  name: string;
  description: string;
  group: string;
  keywords: string[];
  interaction: InteractionType;
  lgslId: number;
  locationRequired: boolean;
  channels: Channel[];
  /** The SLA promise, e.g. "We aim to fix it within 5 working days." */
  promise: string;
}

/** An attribute as a form draws it, in the wanted language (GET /api/v1/services/:code `attributes`, sorted by order). */
export interface ServiceFormAttribute {
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  order: number;
  label: string;
  hint: string | null;
  /** Only for singlevaluelist and multivaluelist. */
  values: Array<{ key: string; label: string }> | null;
  min: number | null;
  max: number | null;
  maxLength: number | null;
}

/** GET /api/v1/services/:code response (404 for an unknown or inactive service). */
export interface ServiceForm extends ServiceSummary {
  version: number;
  attributes: ServiceFormAttribute[];
}

// ─── notification-service ───────────────────────────────────────────────────────────────────────

/** Message.outcome. */
export type DeliveryOutcome = 'sent' | 'opted-out' | 'undeliverable';

/** One message to one citizen on one medium (GET /api/v1/cases/:reference/messages `messages`, oldest first; GET /api/v1/citizens/:id/messages `messages`, newest first, 200 at most). */
export interface Message {
  id: string;
  reference: string;
  template: string;
  medium: MessageMedium;
  /** The email address or phone number; null for the portal inbox. */
  address: string | null;
  language: Language;
  subject: string;
  text: string;
  outcome: DeliveryOutcome;
  /** What the mail server or provider said when it refused. */
  detail: string | null;
  attempts: number;
  at: string;
}

/** A message still owed about a case (GET /api/v1/cases/:reference/messages `pending`, oldest first). */
export interface PendingMessage {
  id: string;
  template: string;
  attempts: number;
  lastError: string | null;
  requestedAt: string;
}

/** GET /api/v1/cases/:reference/messages response (audited). An unknown reference answers 200 with empty lists. */
export interface CaseMessages {
  /** Normalised. */
  reference: string;
  messages: Message[];
  pending: PendingMessage[];
}

/** GET /api/v1/citizens/:id/messages response (audited). Only deliveries made to this id; an unknown id answers 200 with []. */
export interface CitizenMessages {
  /** Lower-cased. */
  citizenId: string;
  messages: Message[];
}

// ─── workflow-service: the live picture (supervisor view) ───────────────────────────────────────

/** GET /api/v1/queues */
export interface QueueSummary {
  queue: string;
  waiting: number;
  assigned: number;
  oldestWaitingSince: string | null;
  atRisk: number;
  breached: number;
}
/** GET /api/v1/queues */
export interface QueuesOverview {
  at: string;
  queues: QueueSummary[];
}

/** GET /api/v1/counters/:office/tickets?state=waiting|called */
export interface OfficeTickets {
  office: string;
  state: TicketState;
  tickets: CounterTicket[];
}

/** GET /api/v1/work-items?sla=breached|at-risk */
export interface SlaItems {
  sla: 'breached' | 'at-risk';
  items: WorkItem[];
}

/** GET /api/v1/counters: the city's offices with counters. */
export interface CounterOffices {
  offices: Array<{ id: string; name: string }>;
}
