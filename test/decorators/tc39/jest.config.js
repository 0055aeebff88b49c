// Standard (TC39) decorators: the same tests' subject compiled without experimentalDecorators.
// Run with: npx jest -c test/decorators/tc39/jest.config.js
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'decorators-tc39',
  rootDir: '../../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/decorators/tc39'],
  testMatch: ['**/*.tc39.ts'],
  // Transpiled only: `npm test` type-checks this tsconfig once before Jest starts.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/decorators/tc39/tsconfig.json' }] },
  moduleNameMapper: { '^promkit$': '<rootDir>/lib' },
  testTimeout: 30000,
};
