export * from './job-queue';
export * from './redis-proxy';
