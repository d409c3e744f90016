export * from './business-calendar';
export * from './service-level';
