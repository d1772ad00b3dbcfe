/**
 * One jest run, three projects: unit specs (pure, fast), integration specs (SQLite files, the
 * EventStoreDB protocol test server, real Redis) and end-to-end specs (the Nest app over HTTP).
 * @swc/jest transpiles only; `npm run typecheck` (part of `npm test`) checks the types.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const moduleNameMapper = {
  '^@app/(domain|event-store|read-models|jobs|application|transparency-log)$': '<rootDir>/libs/$1/src',
  '^@app/(domain|event-store|read-models|jobs|application|transparency-log)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const common = { rootDir: __dirname, transform: { '^.+\\.ts$': swc }, moduleNameMapper, testEnvironment: 'node' };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
  // Integration and end-to-end tests talk to SQLite files, Redis and child processes: a 30 s budget
  // per test (not a speed check: benchmarks measure speed) so a busy 2-core machine does not fail
  // them. It is a global option: jest ignores it (with a warning) inside a project.
  testTimeout: 30_000,
  collectCoverageFrom: ['libs/domain/src/**/*.ts', '!libs/domain/src/**/*.spec.ts', '!libs/domain/src/**/testing/**'],
  coverageThreshold: { 'libs/domain/src/': { lines: 95, branches: 95 } },
  coverageReporters: ['text-summary', 'text'],
};
