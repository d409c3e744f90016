export * from './errors';
export * from './simple-exception.filter';
export * from './request-hooks';
export * from './error-response';
export * from './create-http-app';
export * from './rate-limits';
export * from './openapi';
