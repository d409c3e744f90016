export * from './config';
export * from './edge-config';
