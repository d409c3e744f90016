/**
 * Kafka topic names. NEVER rename a topic: messages already on the old name would be stranded and
 * every consumer group would lose its place. A breaking change is a new topic (`...v2`) beside the old.
 * These constants are the only place where topic names are spelled.
 */
export const TOPICS = {
  /** Every channel's request, keyed by the tenant-scoped idempotency key. */
  intakeRequests: 'intake.requests.v1',
  /** The city's service catalogue, compacted, keyed by `tenantId/serviceCode`; a null value deletes. */
  catalogueServices: 'catalogue.services.v1',
  /** Screen-pop events for contact-centre agents, keyed by agent id (or call id before a call is answered). */
  agentScreenPops: 'agent.screenpops.v1',
  /** Facts about cases, keyed by case id (issue 3). */
  caseEvents: 'case.events.v1',
  /** Facts from workflows, routing and SLA clocks, keyed by case id (issue 4). */
  workflowEvents: 'workflow.events.v1',
  /** Facts about outbound messages to citizens (issue 4). */
  notificationEvents: 'notification.events.v1',
  /** Who is at work and the counters' tickets, for the live operations view, keyed by agent or ticket id (issue 13). */
  workforceEvents: 'workforce.events.v1',
  /**
   * The data keys that seal the personal topics' events (docs/personal-data.md, Kafka), compacted,
   * keyed by the key's name (`<topic>/<subject>#<random>`), wrapped by the deployment's master key; a
   * null value erases one, and what it sealed can no longer be read.
   */
  privacyKeys: 'privacy.keys.v1',
  /**
   * The cities onboarded through the admin API (docs/multi-tenancy.md), compacted, keyed by the city's
   * id: its profile, catalogue and routing file, read whole by every service at its start.
   */
  cityConfigurations: 'city.configurations.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/** The dead-letter topic of a topic: what still fails after bounded retries goes there, with the error. */
export const dlqTopic = (topic: string): string => `${topic}.dlq`;

export interface TopicSpec {
  name: string;
  partitions: number;
  compacted: boolean;
  /** Retention in ms for non-compacted topics; -1 keeps forever. */
  retentionMs?: number;
  /** No consumer of it can fail a message (it is read whole into memory): no dead-letter topic. */
  noDeadLetters?: boolean;
  /** Compacted: how long a tombstone stays readable (Kafka's delete.retention.ms; its default is a day). */
  tombstonesForMs?: number;
}

/** The topics the platform needs, with their intended partition counts. Each has a dead-letter topic. */
export const TOPIC_SPECS: readonly TopicSpec[] = [
  { name: TOPICS.intakeRequests, partitions: 6, compacted: false, retentionMs: 14 * 24 * 3600_000 },
  { name: TOPICS.catalogueServices, partitions: 1, compacted: true },
  { name: TOPICS.agentScreenPops, partitions: 3, compacted: false, retentionMs: 24 * 3600_000 },
  { name: TOPICS.caseEvents, partitions: 6, compacted: false, retentionMs: 14 * 24 * 3600_000 },
  { name: TOPICS.workflowEvents, partitions: 6, compacted: false, retentionMs: 14 * 24 * 3600_000 },
  { name: TOPICS.notificationEvents, partitions: 3, compacted: false, retentionMs: 14 * 24 * 3600_000 },
  // Presence is stale in minutes and tickets belong to a day: two days let a rebuild see today whole.
  { name: TOPICS.workforceEvents, partitions: 3, compacted: false, retentionMs: 2 * 24 * 3600_000 },
  // An erased key's tombstone is kept as long as any event it sealed may be (dead letters: 30 days).
  {
    name: TOPICS.privacyKeys,
    partitions: 3,
    compacted: true,
    noDeadLetters: true,
    tombstonesForMs: 31 * 24 * 3600_000,
  },
  // Read whole at each service's start, never by a consumer group that could fail a message.
  { name: TOPICS.cityConfigurations, partitions: 1, compacted: true, noDeadLetters: true },
];

/** The topics whose messages can end as dead letters (each has `<topic>.dlq`). */
export const DEAD_LETTER_SOURCES: readonly string[] = TOPIC_SPECS.filter((t) => !t.noDeadLetters).map(
  (t) => t.name,
);

/** Every topic to create: each spec and, but for the key topic, its dead-letter topic (one partition, kept 30 days). */
export function allTopicSpecs(prefix = ''): TopicSpec[] {
  return TOPIC_SPECS.flatMap(({ noDeadLetters, ...t }) => [
    { ...t, name: prefix + t.name },
    ...(noDeadLetters
      ? []
      : [
          {
            name: prefix + dlqTopic(t.name),
            partitions: 1,
            compacted: false,
            retentionMs: 30 * 24 * 3600_000,
          },
        ]),
  ]);
}
