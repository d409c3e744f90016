// Lint holds the architecture: which project may depend on which (Nx tags on two axes,
// scope:* and type:*), and which libraries may not reach for frameworks.
import nx from '@nx/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';

const frameworks = [
  '@nestjs/*',
  'typeorm',
  'pg',
  '@platformatic/kafka',
  'bullmq',
  'ioredis',
  'fastify',
  '@fastify/*',
  'pino*',
  'nestjs-pino',
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '.cache/**',
      '.nx/**',
      'tmp/**',
      '**/webpack.config.js',
      'tools/jest/*.js',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:intake', onlyDependOnLibsWithTags: ['scope:intake', 'scope:shared'] },
            { sourceTag: 'scope:catalogue', onlyDependOnLibsWithTags: ['scope:catalogue', 'scope:shared'] },
            { sourceTag: 'scope:case', onlyDependOnLibsWithTags: ['scope:case', 'scope:shared'] },
            { sourceTag: 'scope:workflow', onlyDependOnLibsWithTags: ['scope:workflow', 'scope:shared'] },
            {
              sourceTag: 'scope:notification',
              onlyDependOnLibsWithTags: ['scope:notification', 'scope:shared'],
            },
            { sourceTag: 'scope:ops', onlyDependOnLibsWithTags: ['scope:ops', 'scope:shared'] },
            { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:console', 'scope:shared'] },
            { sourceTag: 'scope:portal', onlyDependOnLibsWithTags: ['scope:portal', 'scope:shared'] },
            {
              // The web apps run in a browser: shared web code, the pure domain rules and the contracts.
              sourceTag: 'type:web',
              onlyDependOnLibsWithTags: ['type:web', 'type:domain', 'type:contracts'],
              bannedExternalImports: frameworks,
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:domain', 'type:platform', 'type:contracts', 'type:testing'],
            },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:testing'] },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:domain'],
            },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts'] },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'],
              bannedExternalImports: frameworks,
            },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:contracts'],
              allowedExternalImports: ['zod'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The web apps' hooks follow React's rules (dependencies of effects, hooks only at the top).
    files: ['apps/console/**/*.ts*', 'apps/portal/**/*.ts*', 'libs/web/**/*.ts*'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Tests may use the test helpers of any platform lib.
    files: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
