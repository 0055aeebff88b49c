import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Default metrics read /proc/self files. A registry dropped without stop()
 * must leave no open file handle for the garbage collector to close: Node
 * warns about that (DEP0137) and will make it an error.
 */
describe('default metrics and file handles', () => {
  it('leave none open after a scrape, so dropped registries give the garbage collector nothing to close', () => {
    const child = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        '-r',
        'ts-node/register/transpile-only',
        join(__dirname, 'fixtures', 'dropped-registries.ts'),
      ],
      { encoding: 'utf8', timeout: 50_000 },
    );
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const { before, after } = JSON.parse(child.stdout) as { before: number; after: number };
    expect(after).toBe(before);
    // A child process compiling TypeScript on a loaded machine.
  }, 55_000);
});
