export * from './data-source';
export * from './inbox-outbox';
export * from './inbox-outbox.entities';
export * from './transient-errors';
export * from './insert-many';
export * from './database.providers';
export * from './transaction';
export * from './migration-job';
