import { join } from 'node:path';
import { runWithoutModules } from '../support/child-node';

describe('promkit/testing outside Jest', () => {
  it('works in plain Node without loading any of Jest', () => {
    const child = runWithoutModules(join(__dirname, 'fixtures', 'testing-without-jest.ts'), [
      'jest',
      '@jest/globals',
      'expect',
      'jest-matcher-utils',
    ]);
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({
      value: 2,
      lookups: {},
      matchers: ['toHaveSample', 'toMatchMetrics', 'toPassMetricsLint'],
    });
    // A child process compiling TypeScript on a loaded machine.
  }, 90_000);
});
