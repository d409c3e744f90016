// Integration and end-to-end tests: *.int-spec.ts files, against the real Kafka, Postgres and
// Redis that `tools/infra up` starts. Each file takes its own topic prefix and schemas; tools/test
// runs them in two lanes of one file at a time (tools/integration-lanes: the browser tests, whose web
// apps listen on fixed ports, beside the rest), then the chaos run alone.
const preset = require('./jest.preset.js');

module.exports = {
  ...preset,
  rootDir: '.',
  displayName: 'integration',
  testMatch: [
    '<rootDir>/apps/**/*.int-spec.ts',
    '<rootDir>/libs/**/*.int-spec.ts',
    '<rootDir>/tools/**/*.int-spec.ts',
    '<rootDir>/ops/**/*.int-spec.ts',
  ],
  testTimeout: 60_000,
  globalSetup: '<rootDir>/tools/jest/integration-global-setup.ts',
  // Tracing on for the whole run when TRACING_ZIPKIN_URL is set (tools/jest/tracing-setup.ts).
  setupFilesAfterEnv: ['<rootDir>/tools/jest/tracing-setup.ts'],
};
