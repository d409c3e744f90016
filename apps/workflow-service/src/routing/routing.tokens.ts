/** The city's routing configuration (routing-config.ts), provided once per service. */
export const ROUTING_CONFIG = Symbol('ROUTING_CONFIG');
