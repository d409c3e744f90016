export * from './triggers';
export * from './media';
