export * from './errors';
export * from './simple-exception.filter';
