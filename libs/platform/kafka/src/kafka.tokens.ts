export const KAFKA = Symbol('KAFKA');
export const KAFKA_LOGGER = Symbol('KAFKA_LOGGER');
