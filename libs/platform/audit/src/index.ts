export * from './audit-read.entity';
export * from './audited';
export * from './audit.interceptor';
export * from './audit.http.controller';
export * from './audit.module';
