export * from './job-queue';
export * from './redis-proxy';
export * from './job-queues';
export * from './queue-board';
