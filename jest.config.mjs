// @ts-check
/**
 * One Jest run for the whole repo, four projects:
 *  - unit:        `src/**\/*.spec.ts` next to the code; no servers.
 *  - integration: `test/**\/*.int-spec.ts`; real RabbitMQ, Redis, PostgreSQL, kafka-lite.
 *  - e2e:         `test/**\/*.e2e-spec.ts`; whole services over the network.
 *  - docs:        docs/tutorials run as written (infra/doc-tests), `pnpm test:docs`.
 * TypeScript goes through SWC (fast, and it keeps decorator metadata for NestJS). Workspace packages
 * resolve to their sources through the "@commlab/source" export condition, so tests never need a build.
 */

/** @type {[string, Record<string, unknown>]} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    // Keep `import()` as a real dynamic import: ESM-only packages (jose, PGlite's internals) load through
    // it, which Jest supports when Node runs with --experimental-vm-modules (see package.json scripts).
    module: { type: 'commonjs', ignoreDynamic: true },
    sourceMaps: 'inline',
  },
];

/** @type {import('jest').Config} */
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  testEnvironmentOptions: { customExportConditions: ['@commlab/source', 'node', 'require', 'default'] },
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

/** @type {import('jest').Config} */
const config = {
  // Test files run in worker processes, each replaced once its heap passes this after a file (with one
  // worker, on a 2-core machine, Jest would otherwise run every file in its own process): what one file
  // leaves behind — PGlite's WebAssembly memory, a reconnect timer — cannot slow the files after it.
  workerIdleMemoryLimit: '512MB',
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.cjs'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,infra}/*/src/**/*.spec.ts'] },
    // Servers and databases start in hooks: tools/jest/server-timeout.cjs gives them 60 s, not 5.
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,infra}/*/test/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/tools/jest/server-timeout.cjs'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{apps,libs,infra}/*/test/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/tools/jest/server-timeout.cjs'],
    },
    // The tutorials, run as written against a stack on the default ports (infra/doc-tests).
    { ...common, displayName: 'docs', testMatch: ['<rootDir>/infra/doc-tests/test/**/*.docs-spec.ts'] },
  ],
};

export default config;
