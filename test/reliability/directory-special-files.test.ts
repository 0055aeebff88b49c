import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import {
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Counter, Registry } from 'promkit';
import { MultiprocessDirectory } from 'promkit/multiprocess';

const SCRAPE_TIMEOUT_MS = 2000;

/** Fails instead of hanging when `work` does not finish within `ms`. */
function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Two other processes of the app, as files in the directory: 5 + 7 jobs. */
async function otherProcesses(dir: string): Promise<MultiprocessDirectory[]> {
  const writers: MultiprocessDirectory[] = [];
  for (const jobs of [5, 7]) {
    const registry = new Registry();
    new Counter({ name: 'jobs_total', help: 'Jobs.', registers: [registry] }).inc(jobs);
    writers.push(new MultiprocessDirectory({ dir, registries: [registry], flushInterval: 60_000 }));
  }
  return writers;
}

describe('the shared directory holding files that are not snapshots', () => {
  let dir: string;
  let writers: MultiprocessDirectory[];
  let view: MultiprocessDirectory;
  let warnings: string[];
  let servers: Server[];
  const fifos: string[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'promkit-special-'));
    writers = await otherProcesses(dir);
    warnings = [];
    servers = [];
    view = new MultiprocessDirectory({
      dir,
      write: false,
      timeout: SCRAPE_TIMEOUT_MS,
      onWarning: (message) => warnings.push(message),
    });
  });

  afterEach(async () => {
    // A reader blocked opening a FIFO is released by a writer opening it.
    for (const fifo of fifos.splice(0)) {
      for (let i = 0; i < 8; i++) {
        try {
          closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
        } catch {
          break;
        }
      }
    }
    for (const server of servers) server.close();
    for (const writer of writers) await writer.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const jobs = () => view.aggregated.getSampleValue('jobs_total');
  const refused = () =>
    view.aggregated.getSampleValue('promkit_aggregation_errors_total', { reason: 'invalid' });

  it('skips a FIFO named like a snapshot without tying up a thread, scrape after scrape', async () => {
    const fifo = join(dir, 'promkit-999-1-deadbeef.json');
    execFileSync('mkfifo', [fifo]);
    fifos.push(fifo);
    for (let scrape = 1; scrape <= 6; scrape++) {
      const started = performance.now();
      const value = await within(3 * SCRAPE_TIMEOUT_MS, `scrape ${scrape}`, jobs());
      const took = performance.now() - started;
      expect({ scrape, value }).toEqual({ scrape, value: 12 });
      // Before, every scrape waited for its deadline (and the fifth on showed 0 for lack of threads).
      expect({ scrape, fast: took < SCRAPE_TIMEOUT_MS / 2 }).toEqual({ scrape, fast: true });
    }
    // The process's other file-system and zlib work still gets threads.
    await within(1000, 'fs.promises.readFile', readFile(__filename));
    await within(1000, 'zlib.gzip', promisify(gzip)(Buffer.alloc(1024)));
    expect(await refused()).toBe(1);
    expect(warnings).toEqual([
      expect.stringMatching(/promkit-999-1-deadbeef\.json: not a regular file \(FIFO\)/),
    ]);
  }, 20_000);

  it('skips a directory named like a snapshot, as not a regular file', async () => {
    await mkdir(join(dir, 'promkit-999-2-deadbeef.json'));
    expect(await within(2 * SCRAPE_TIMEOUT_MS, 'scrape', jobs())).toBe(12);
    expect(warnings).toEqual([
      expect.stringMatching(/promkit-999-2-deadbeef\.json: not a regular file \(directory\)/),
    ]);
  });

  it('reads /dev/zero, a 200 MB junk file and a truncated snapshot with bounded memory and loop blocking', async () => {
    await symlink('/dev/zero', join(dir, 'promkit-998-1-00000001.json'));
    const junk = join(dir, 'promkit-997-1-00000002.json');
    await writeFile(junk, '');
    await truncate(junk, 200 * 1024 * 1024); // sparse: costs no disk
    const [real] = (await readdir(dir)).filter((n) => n.startsWith(`promkit-${process.pid}-`));
    const whole = await readFile(join(dir, real));
    await writeFile(join(dir, 'promkit-996-1-00000003.json'), whole.subarray(0, whole.length >> 1));
    const smallJunk = join(dir, 'promkit-995-1-00000004.json');
    await writeFile(smallJunk, '');
    await truncate(smallJunk, 8 * 1024 * 1024); // under any size limit: refused by its first bytes
    await copyFile(join(dir, real), join(dir, 'unrelated.json'));

    const rssBefore = process.memoryUsage().rss;
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const value = await within(4 * SCRAPE_TIMEOUT_MS, 'scrape', jobs());
    // Reads left running past the deadline would show up here.
    await new Promise((resolve) => setTimeout(resolve, 300));
    delay.disable();
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    const longestBlockMs = delay.max / 1e6;
    console.log(
      `scrape: RSS +${(rssGrowth / 1e6).toFixed(1)} MB, longest loop block ${longestBlockMs.toFixed(1)} ms`,
    );

    expect(value).toBe(12);
    expect(rssGrowth).toBeLessThan(50e6);
    // 12-14 ms on a quiet machine; the bound leaves room for a loaded one (before: 167-434 ms).
    expect(longestBlockMs).toBeLessThan(250);
    expect(await refused()).toBe(4);
    expect(await jobs()).toBe(12);
    expect(await refused()).toBe(4); // reported once, not at every scrape
    const reasons = warnings.join('\n');
    expect(reasons).toMatch(/promkit-998-1-00000001\.json: not a regular file \(character device\)/);
    expect(reasons).toMatch(/promkit-997-1-00000002\.json: 209715200 bytes, more than the \d+ allowed/);
    expect(reasons).toMatch(/promkit-996-1-00000003\.json: not JSON/);
    expect(reasons).toMatch(/promkit-995-1-00000004\.json: not a promkit metrics file/);
    expect(warnings).toHaveLength(4);
  }, 20_000);

  it('refuses files larger than maxFileBytes, naming the option', async () => {
    const small = new MultiprocessDirectory({
      dir,
      write: false,
      maxFileBytes: 100,
      onWarning: (message) => warnings.push(message),
    });
    expect(await small.aggregated.getSampleValue('jobs_total')).toBeUndefined();
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings)
      expect(warning).toMatch(/\d+ bytes, more than the 100 allowed \(maxFileBytes\)/);
    expect(() => new MultiprocessDirectory({ dir, write: false, maxFileBytes: 0 })).toThrow(
      'MultiprocessDirectory: maxFileBytes must be a whole number of bytes >= 1, got 0',
    );
  });

  it('reports a file it cannot open as unreadable, with the system error, not as "not JSON"', async () => {
    // A UNIX socket: stat sees it, open(2) fails with ENXIO.
    const socket = join(dir, 'promkit-994-1-00000005.json');
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    expect(await within(2 * SCRAPE_TIMEOUT_MS, 'scrape', jobs())).toBe(12);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).not.toMatch(/not JSON/);
    expect(warnings[0]).toMatch(/cannot read .*promkit-994-1-00000005\.json: ENXIO/);
  });
});
