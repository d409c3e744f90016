// kubernetes-models and what its validators import are published only as ES modules: SWC turns them
// into CommonJS for Jest, as jest.preset.js does for the workspace's own such packages.
import { createRequire } from 'node:module';

// The workspace's preset, read for its list (an import of a file outside the project is refused by lint).
const preset = createRequire(import.meta.url)('../jest.preset.js') as { transformIgnorePatterns: string[] };
const esm = 'kubernetes-models|@kubernetes-models|is-cidr|cidr-regex';

export default {
  displayName: 'deploy',
  preset: '../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Their package exports name only the `import` condition, which Jest's CommonJS resolver does not
  // use: each specifier the validators import, mapped to its file.
  moduleNameMapper: {
    '^kubernetes-models/(.*)$': '<rootDir>/../node_modules/kubernetes-models/$1.js',
    '^@kubernetes-models/(base|validate)$': '<rootDir>/../node_modules/@kubernetes-models/$1/dist/index.js',
    '^@kubernetes-models/validate/runtime/(.*)$':
      '<rootDir>/../node_modules/@kubernetes-models/validate/dist/runtime/$1.js',
    '^@kubernetes-models/apimachinery/(.*)$':
      '<rootDir>/../node_modules/@kubernetes-models/apimachinery/$1.js',
    '^(is-cidr|cidr-regex)$': '<rootDir>/../node_modules/$1/dist/index.js',
  },
  transform: {
    [`/node_modules/(${esm})/.+\\.js$`]: [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: preset.transformIgnorePatterns.map((p) => p.replace('/(?!(', `/(?!(${esm}|`)),
};
