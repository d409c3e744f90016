/**
 * The names of the metrics the services export on `/metrics` (Prometheus text format). The alert
 * rules (`ops/prometheus/rules/*.yml`) and the Grafana dashboard (`ops/grafana/*.json`) use these
 * names; a test checks that every name they use is one a running service exports. Renaming one
 * breaks every dashboard and alert a city built on it: add a new name beside the old instead.
 *
 * Every series carries `service` (the app's name); Prometheus adds `job` and `instance`.
 */
export const METRICS = {
  /** Histogram (seconds) of HTTP requests: `method`, `route` (the matched pattern, never the URL), `status_code`, `channel` (web, phone, kiosk, counter, or `none` for staff and service calls). Its `_count` is the request rate. */
  httpRequestDuration: 'http_server_request_duration_seconds',
  /** Gauge: messages of a partition not yet handled by a consumer group (end offset minus committed offset): `group`, `topic`, `partition`. */
  kafkaConsumerLag: 'city_kafka_consumer_lag',
  /** Counter: messages a consumer group finished with: `group`, `topic`, `outcome` (`handled` or `dead-lettered`). */
  kafkaMessages: 'city_kafka_messages_total',
  /** Counter: messages a consumer group sent to a dead-letter topic: `group`, `topic` (the original topic). */
  kafkaDeadLetters: 'city_kafka_dead_letters_total',
  /** Gauge: events written to the service's outbox and not yet published to Kafka. */
  outboxBacklog: 'city_outbox_backlog',
  /** Gauge (seconds): the age of the oldest unpublished outbox event, 0 when there is none. */
  outboxOldestAge: 'city_outbox_oldest_age_seconds',
  /** Counter: outbox events published to Kafka. */
  outboxPublished: 'city_outbox_published_total',
  /** Gauge: BullMQ jobs by `queue` and `state` (waiting, active, delayed, failed, completed, prioritized). */
  queueJobs: 'city_bullmq_jobs',
  /** Counter: service-level warnings, by `queue` and `target` (first-response, resolution). */
  slaWarnings: 'city_sla_warnings_total',
  /** Counter: service-level breaches, by `queue` and `target`. */
  slaBreaches: 'city_sla_breaches_total',
  /** Counter: messages delivered to citizens, by `medium` (email, sms, portal). */
  notificationsSent: 'city_notifications_sent_total',
  /** Counter: messages not delivered, by `medium` and `reason` (opted-out, undeliverable, no-address). */
  notificationsNotSent: 'city_notifications_not_sent_total',
  /** Gauge (seconds): how far the ops-monitor's read models are behind the newest event they applied (now minus its occurredAt). */
  opsProjectionDelay: 'city_ops_projection_delay_seconds',
  /** Counter: events the ops-monitor applied to its read models, by `topic`. */
  opsEventsApplied: 'city_ops_events_applied_total',
  /** Gauge: dead letters waiting to be put back, by `topic` (the original topic), as the ops-monitor's read model holds them. */
  opsDeadLettersWaiting: 'city_ops_dead_letters_waiting',
} as const;

export type MetricName = (typeof METRICS)[keyof typeof METRICS];
