export * from './reference';
export * from './validate-submission';
