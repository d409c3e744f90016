export const AUDIT_TENANT = Symbol('AUDIT_TENANT');

/** The metadata key of an `@Audited` route's spec. */
export const AUDITED = 'city:audited-read';
