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
    // A series of 3 labels takes ~155 B: the series (72 B: its metric, where its
    // label values are, its creation time shared with the series created in the
    // same millisecond, its value and the 16 B box V8 gives a number field once
    // any counter has counted a fraction), its three values side by side with
    // its metric's other series (24 B), the trie entry, the list entry and the
    // route string. An array of values per series would add ~48 B.
    expect(before).toBeGreaterThan(50);
    expect(before).toBeLessThan(170);
    expect(after - before).toBeLessThan(8);
    // A child process compiling TypeScript on a loaded machine.
  }, 90_000);
});
