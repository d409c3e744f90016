export * from './catalogue-files';
