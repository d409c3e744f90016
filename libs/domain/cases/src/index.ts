export * from './lifecycle';
export * from './duplicates';
export * from './satisfaction';
