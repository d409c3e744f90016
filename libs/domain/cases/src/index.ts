export * from './lifecycle';
export * from './duplicates';
