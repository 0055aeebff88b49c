import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Counter, Registry, startMultiprocessDirectory } from 'promkit';
import type { MultiprocessDirectory } from 'promkit/multiprocess';
import { waitFor } from '../support/wait-for';

const FLUSH_MS = 20;

/**
 * Tests run as root, where permission bits do not stop a write: the
 * directory is made unwritable by putting a regular file where it, or its
 * parent, should be (ENOTDIR, EEXIST).
 */
describe('a shared directory that cannot be written', () => {
  let base: string;
  let shared: MultiprocessDirectory | undefined;
  let warnings: string[];
  const registry = new Registry();
  new Counter({ name: 'jobs_total', help: 'Jobs.', registers: [registry] }).inc(3);

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'promkit-unwritable-'));
    warnings = [];
    shared = undefined;
  });

  afterEach(async () => {
    await shared?.stop();
    await rm(base, { recursive: true, force: true });
  });

  const start = (dir: string) =>
    startMultiprocessDirectory({
      dir,
      registries: [registry],
      flushInterval: FLUSH_MS,
      onWarning: (message) => warnings.push(message),
    });
  /** The writer's own warnings (scrapes also report that the directory cannot be listed). */
  const writeWarnings = () => warnings.filter((w) => !w.includes('cannot list'));
  const failedWrites = () => shared?.aggregated.getSampleValue('promkit_directory_write_errors_total');
  const written = (dir: string) =>
    waitFor(
      async () =>
        (await readdir(dir).catch((): string[] => [])).includes(shared?.fileName ?? '') ? true : undefined,
      {
        what: `this process's file in ${dir}`,
        timeoutMs: 3000,
        intervalMs: 20,
      },
    );

  it('starts anyway, says why, retries less and less often, and writes once the directory can be made', async () => {
    const parent = join(base, 'metrics');
    await writeFile(parent, 'a regular file, where the directory should be');
    const dir = join(parent, 'app');

    expect(() => {
      shared = start(dir);
    }).not.toThrow();
    expect(writeWarnings()).toEqual([expect.stringContaining(`cannot write metrics to ${dir}: ENOTDIR`)]);
    // This process's own series are still served, and the failure is counted.
    expect(await shared?.aggregated.getSampleValue('jobs_total')).toBe(3);
    expect(await failedWrites()).toBeGreaterThanOrEqual(1);

    await sleep(25 * FLUSH_MS);
    const attempts = (await failedWrites()) ?? 0;
    // A retry at every flush would be 25 attempts by now; doubling waits make about 5.
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(attempts).toBeLessThanOrEqual(8);
    expect(writeWarnings()).toHaveLength(1);

    await rm(parent);
    await mkdir(parent);
    await written(dir);
    expect(writeWarnings()[1]).toMatch(
      new RegExp(`writing metrics to ${dir} again, after \\d+ failed attempts`),
    );
  });

  it('makes its directory again when it was removed while running', async () => {
    const dir = join(base, 'metrics');
    shared = start(dir);
    await written(dir);
    expect(warnings).toEqual([]);

    // The writer may be putting a file in it at that moment (ENOTEMPTY): try again.
    await rm(dir, { recursive: true, maxRetries: 10, retryDelay: 10 });
    await writeFile(dir, 'a regular file, where the directory was');
    await waitFor(async () => (((await failedWrites()) ?? 0) > 0 ? true : undefined), {
      what: 'a failed write',
      timeoutMs: 3000,
      intervalMs: 20,
    });
    expect(writeWarnings()).toEqual([expect.stringContaining(`cannot write metrics to ${dir}: `)]);

    await rm(dir);
    await written(dir);
    expect(await failedWrites()).toBeGreaterThan(0);
  });
});
