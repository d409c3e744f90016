export * from './config';
export * from './edge-config';
export * from './city-profile';
export * from './config.module';
export * from './sharing';
export * from './city-folder';
