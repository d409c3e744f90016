export * from './kafka-client';
export * from './event-publisher';
export * from './managed-consumer';
export * from './topics-admin';
export * from './kafka.module';
export * from './compacted-topic-reader';
export * from './topic-probe';
export * from './dead-letter-replay';
export * from './catalogue-store';
export * from './kafka-transport';
export { consumerLag, type GroupTopics, type PartitionLag } from './consumer-lag';
export { EventPrivacy, PersonalEventKeys, privacySubjects } from './privacy/event-privacy';
export {
  isSealed,
  masterKeyOf,
  openEnvelope,
  sealedOf,
  unwrapKey,
  type SealedEnvelope,
} from './privacy/sealing';
export { RecordedEventKeys } from './privacy/recorded-event-keys';
export { KeyRing } from './privacy/key-ring';
export { ConsumerRunner, type KafkaMessage } from './consumer-runner';
export {
  ONBOARDED_MARK,
  readOnboardedCities,
  servedAsOnboarded,
  withOnboardedCities,
} from './cities/onboarded-cities';
