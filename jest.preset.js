// Shared Jest settings: SWC transpiles TypeScript (with decorator metadata, which NestJS needs),
// tsconfig path aliases resolve through Nx's resolver, and every test runs in UTC.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  resolver: '@nx/jest/plugins/resolver',
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
  },
  setupFiles: [path.join(__dirname, 'tools/jest/setup-env.js')],
};
