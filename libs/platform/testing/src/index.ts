export * from './kafka-probe';
export * from './throwaway-kafka';
export * from './catalogue-fixture';
