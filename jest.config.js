/** @type {import('jest').Config} */
const main = {
  displayName: 'promkit',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: { warnOnly: false } }],
  },
  moduleNameMapper: {
    '^promkit$': '<rootDir>/lib',
    '^promkit/nest$': '<rootDir>/lib/nest',
    '^promkit/testing$': '<rootDir>/lib/testing',
    '^promkit/testing/jest$': '<rootDir>/lib/testing/jest',
  },
  // A separate NestJS 12 project with its own node_modules; run as a child process by test/nest.
  modulePathIgnorePatterns: ['<rootDir>/test/nest12/'],
};

/** @type {import('jest').Config} */
module.exports = {
  // Standard (TC39) decorators need their own compiler settings, hence a second project.
  projects: [main, '<rootDir>/test/decorators/tc39/jest.config.js'],
  // A global option: jest ignores it inside projects.
  testTimeout: 30000,
};
