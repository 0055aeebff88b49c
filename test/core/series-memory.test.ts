import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * What a scrape leaves behind per series. Label text kept for the next scrape
 * once doubled the memory of every series; it is built at each scrape instead.
 * Heap figures, not times: a loaded machine does not move them.
 */
describe('memory per series', () => {
  it('stays the same after scrapes in every format', () => {
    const series = 50_000;
    const child = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        '-r',
        'ts-node/register/transpile-only',
        join(__dirname, 'fixtures', 'heap-per-series.ts'),
        String(series),
      ],
      { encoding: 'utf8', timeout: 80_000 },
    );
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const { before, after } = JSON.parse(child.stdout) as { before: number; after: number };
    // A series of 3 labels takes ~145 B: the series (48 B: its metric, its
    // slot, its creation time shared with the series created in the same
    // millisecond), its three label values and its count side by side with its
    // metric's other series (32 B), the trie entry, the list entry and the
    // route string. A number field of its own would add 24 B once any counter
    // has counted a fraction (8 B and a 16 B box); an array of values ~48 B.
    expect(before).toBeGreaterThan(50);
    expect(before).toBeLessThan(155);
    expect(after - before).toBeLessThan(8);
    // A child process compiling TypeScript on a loaded machine.
  }, 90_000);
});
