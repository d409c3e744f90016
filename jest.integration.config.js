// Integration and end-to-end tests: *.int-spec.ts files, against the real Kafka, Postgres and
// Redis that `tools/infra up` starts. Run one file at a time (--runInBand): they share two cores,
// and a second file beside a browser test only slows both (tried in two lanes: the browser tests took
// twice as long, and nothing was won). tools/test starts the services built (TEST_APPS=built, see
// startApp): a start takes a second, not ten.
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
