// Fakes at the ports, for use cases' unit tests: light to load (no broker, database or identity provider).
export * from './database-fakes';
export * from './fixed-clock';
export { requestReceived } from '../request-fixture';
