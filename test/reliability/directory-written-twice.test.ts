import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Counter, Registry } from 'promkit';
import { MultiprocessDirectory } from 'promkit/multiprocess';

/**
 * A process's registry written to the shared directory by two writers would
 * be in the merged view twice (the serving writer's fresh series and the
 * other writer's file, both of this process): every counter doubled. The
 * second writer is refused, naming the directory and the file that already
 * holds the registry; the first goes on counting once.
 */
describe('a registry written to the shared directory twice by one process', () => {
  let dir: string;
  const started: MultiprocessDirectory[] = [];
  const writer = (registries: Registry[], where = dir) => {
    const shared = new MultiprocessDirectory({ dir: where, registries, flushInterval: 60_000 });
    started.push(shared);
    return shared;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'promkit-twice-'));
  });

  afterEach(async () => {
    for (const shared of started.splice(0)) await shared.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const jobs = (count: number) => {
    const registry = new Registry();
    new Counter({ name: 'jobs_total', help: 'Jobs.', registers: [registry] }).inc(count);
    return registry;
  };

  it('is refused; the first writer keeps counting it once', async () => {
    const registry = jobs(4);
    const first = writer([registry]);
    expect(() => writer([registry])).toThrow(
      `MultiprocessDirectory: this process already writes registries[0] to ${dir} (in ${first.fileName}); a second writer would count its metrics twice`,
    );
    expect(await first.aggregated.getSampleValue('jobs_total')).toBe(4);
    expect(await readdir(dir)).toEqual([first.fileName]);
  });

  it('is refused after the first writer stopped too: its last totals stay in the view', async () => {
    const registry = jobs(4);
    await writer([registry]).stop();
    expect(() => writer([registry])).toThrow(/already writes registries\[0\]/);
  });

  it('is refused when the registries option lists it twice', () => {
    const registry = jobs(4);
    expect(() => writer([jobs(1), registry, registry])).toThrow(/already writes registries\[2\]/);
  });

  it('names the global registry when the registries option is left out', async () => {
    started.push(new MultiprocessDirectory({ dir, flushInterval: 60_000 }));
    expect(() => new MultiprocessDirectory({ dir, flushInterval: 60_000 })).toThrow(
      /already writes the global registry to /,
    );
  });

  it('is not a conflict for other registries, nor for another directory', async () => {
    const registry = jobs(4);
    writer([registry]);
    const other = writer([jobs(6)]);
    expect(await other.aggregated.getSampleValue('jobs_total')).toBe(10);
    const elsewhere = await mkdtemp(join(tmpdir(), 'promkit-twice-'));
    try {
      expect(await writer([registry], elsewhere).aggregated.getSampleValue('jobs_total')).toBe(4);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});
