// Tests are transpiled file by file (tsconfig's isolatedModules makes ts-jest skip type
// information); `npm test` type-checks the whole project once, before Jest starts.
const transpile = (tsconfig) => ({ '^.+\\.ts$': ['ts-jest', { tsconfig }] });

/**
 * Suites that start other processes: real Prometheus, Pushgateway and service
 * processes, clusters, workers and pm2, npm installs of the packed package, the
 * NestJS 12 app, prom-client's own programs. They mostly wait on their children,
 * so they run in a Jest of their own with a bounded worker count
 * (test/support/run-jest-projects.cjs) while the in-process suites use every core.
 */
const startsProcesses = [
  '**/test/e2e/**/*.test.ts',
  '**/test/multiprocess/**/*.test.ts',
  '**/test/package/**/*.test.ts',
  '**/test/nest/nest12.e2e.test.ts',
  '**/test/compat/prom-client-examples.test.ts',
  '**/test/compat/prom-client-suite.test.ts',
  '**/test/export/json-exporter-cli.test.ts',
  '**/test/export/pushgateway.test.ts',
  '**/test/reliability/cluster-exit-last-counts.test.ts',
  '**/test/reliability/forged-snapshots.test.ts',
  '**/test/reliability/pushgateway-dot-groupings.test.ts',
  '**/test/reliability/thread-liveness.test.ts',
  '**/test/reliability/view-request-burst.test.ts',
];

const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: transpile('<rootDir>/tsconfig.json'),
  moduleNameMapper: {
    '^promkit$': '<rootDir>/lib',
    '^promkit/exposition$': '<rootDir>/lib/entries/exposition',
    '^promkit/multiprocess$': '<rootDir>/lib/multiprocess',
    '^promkit/nest$': '<rootDir>/lib/nest',
    '^promkit/testing$': '<rootDir>/lib/testing',
    '^promkit/testing/jest$': '<rootDir>/lib/testing/jest',
  },
  // A separate NestJS 12 project with its own node_modules; run as a child process by test/nest.
  modulePathIgnorePatterns: ['<rootDir>/test/nest12/'],
};

/** @type {import('jest').Config} */
const inProcess = {
  ...shared,
  displayName: 'promkit',
  testMatch: ['**/*.test.ts', ...startsProcesses.map((glob) => `!${glob}`)],
};

/** @type {import('jest').Config} */
const processes = { ...shared, displayName: 'processes', testMatch: startsProcesses };

/** @type {import('jest').Config} */
module.exports = {
  // Standard (TC39) decorators need their own compiler settings, hence a third project.
  projects: [inProcess, processes, '<rootDir>/test/decorators/tc39/jest.config.js'],
  // A global option: jest ignores it inside projects.
  testTimeout: 30000,
};
