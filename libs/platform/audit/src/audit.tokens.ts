export const AUDIT_TENANT = Symbol('AUDIT_TENANT');
