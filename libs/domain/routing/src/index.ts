export * from './routing';
export * from './areas';
