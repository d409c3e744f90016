// Shared Jest settings: SWC transpiles TypeScript (with decorator metadata, which NestJS needs),
// tsconfig path aliases map to their sources, and every test runs in UTC. Packages published only as
// ES modules (jose, @platformatic/kafka, eventsource-parser, file-type and what it imports, content-disposition of
// @fastify/static under the queues board) are turned into CommonJS for Jest by the same SWC.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

// @city/* aliases from tsconfig.base.json, as absolute paths.
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias}$`,
    path.join(__dirname, target),
  ]),
);

module.exports = {
  testEnvironment: 'node',
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
    '/node_modules/(jose|@platformatic|eventsource-parser|file-type|strtok3|token-types|uint8array-extras|@tokenizer|@borewit|content-disposition)/.+\\.js$':
      ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [
    '/node_modules/(?!(jose|@platformatic|eventsource-parser|file-type|strtok3|token-types|uint8array-extras|@tokenizer|@borewit|content-disposition)/)',
  ],
  setupFiles: [path.join(__dirname, 'tools/jest/setup-env.js')],
};
