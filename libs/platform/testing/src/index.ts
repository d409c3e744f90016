export { TopicProbe, uniquePrefix, type ProbedMessage } from '@city/platform-kafka';
export * from './throwaway-kafka';
export * from './catalogue-fixture';
export * from './message-sinks';
export * from './deployment-checks';
export * from './app-process';
export * from './test-state';
export * from './keycloak-tokens';
