import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('promkit/testing outside Jest', () => {
  it('works in plain Node without loading any of Jest', () => {
    const child = spawnSync(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        join(__dirname, '..', 'support', 'hide-module.ts'),
        join(__dirname, 'fixtures', 'testing-without-jest.ts'),
      ],
      {
        encoding: 'utf8',
        timeout: 80_000,
        env: { ...process.env, HIDE_MODULES: 'jest,@jest/globals,expect,jest-matcher-utils' },
      },
    );
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
