// Flat config: typescript-eslint recommended rules for every TypeScript file, the rules that
// need types (promises, exhaustive switches) checked with each project's tsconfig.spec.json
// (so spec files too), and the module boundaries: who may import whom.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// A relative import that climbs out of its package into another one (`../../../reporting/src`,
// `../../libs/event-store/src`) or names a folder of ours.
const intoAnotherPackage = String.raw`^(\.\./)+(([a-z-]+/)?(libs|services)/|[a-z-]+/src(/|$))`;

/** No service (nor lib) imports a service: they meet through libs/contracts. */
const noOtherService = [
  {
    group: ['@bulwark/*-service', '@bulwark/*-service/*', '**/services/*/**'],
    message: 'A service never imports another service; they meet through libs/contracts.',
  },
  {
    regex: String.raw`^(\.\./)+([a-z-]+/)?(services/)?[a-z-]+/src(/|$)`,
    message: 'A service never imports another service; they meet through libs/contracts.',
  },
];

/** `no-restricted-imports` with the service rule and the folder's own patterns. */
const restrict = (...patterns) => ({
  'no-restricted-imports': ['error', { patterns: [...noOtherService, ...patterns] }],
});

// Each boundary as globs that start with `**/`, so the fixtures under test/lint-fixtures, laid
// out as the repository is, fall under the same rules (test/lint-fixtures.unit.spec.ts).
export const boundaries = [
  { files: ['**/libs/*/src/**/*.ts', '**/services/*/src/**/*.ts'], rules: restrict() },
  {
    // The decider kernel depends on nothing at all (Node's own modules aside).
    files: ['**/libs/decider/src/**/*.ts'],
    rules: restrict(
      { regex: String.raw`^(?!\.|node:)`, message: 'libs/decider imports nothing.' },
      { regex: intoAnotherPackage, message: 'libs/decider imports nothing.' },
    ),
  },
  {
    // The contracts are what the contexts say to each other: nothing of ours.
    files: ['**/libs/contracts/src/**/*.ts'],
    rules: restrict(
      { group: ['@bulwark/*', '@bulwark/*/*'], message: 'libs/contracts imports nothing of ours.' },
      { regex: intoAnotherPackage, message: 'libs/contracts imports nothing of ours.' },
    ),
  },
  {
    // The event store knows nothing of the transport, of who calls it, or of the runtime.
    files: ['**/libs/event-store/src/**/*.ts'],
    rules: restrict(
      {
        group: ['@bulwark/messaging', '@bulwark/auth', '@bulwark/runtime', '@bulwark/*-service'],
        message: 'libs/event-store imports neither messaging, auth nor the runtime.',
      },
      {
        regex: String.raw`^(\.\./)+([a-z-]+/)?(messaging|auth|runtime)/`,
        message: 'libs/event-store imports neither messaging, auth nor the runtime.',
      },
    ),
  },
];

/** Projects whose TypeScript is linted with types: every tsconfig that holds spec files too. */
const typedProjects = [
  './libs/*/tsconfig.spec.json',
  './services/*/tsconfig.spec.json',
  // Every folder of test/ is its own small project (bench, docs, the service skeleton, ...).
  './test/*/tsconfig.json',
  './deploy/smoke/tsconfig.json',
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'coverage/**',
      '.nx/**',
      'tmp/**',
      // Deliberately bad imports, linted only by their own test.
      'test/lint-fixtures/libs/**',
      'test/lint-fixtures/services/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: typedProjects, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
    },
  },
  ...boundaries,
);
