export * from './kafka-client';
export * from './event-publisher';
export * from './managed-consumer';
export * from './topics-admin';
export * from './kafka.module';
export * from './compacted-topic-reader';
export * from './topic-probe';
export * from './dead-letter-replay';
