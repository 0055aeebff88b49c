import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Counter, Registry } from 'promkit';
import { MultiprocessDirectory } from 'promkit/multiprocess';
import { startService } from '../support/service-process';
import { waitFor } from '../support/wait-for';
import { DrivenProcess } from './support/driven-process';
import { get, sampleValue } from './support/load';
import { usePromkitBundle } from './support/promkit-bundle';

const PROCESS = join(__dirname, 'fixtures', 'directory-process.js');
const FLUSH_MS = 200;

describe('the shared-directory mode', () => {
  const runtime = usePromkitBundle();
  let dir: string;
  let view: MultiprocessDirectory;
  const started: DrivenProcess[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'promkit-multiproc-'));
    view = new MultiprocessDirectory({ dir, write: false, timeout: 5000 });
  });

  afterEach(async () => {
    for (const p of started.splice(0)) p.kill();
    await rm(dir, { recursive: true, force: true });
  });

  const start = async (env: Record<string, string> = {}) => {
    const p = new DrivenProcess(PROCESS, runtime().execArgv, {
      ...runtime().env,
      PROMKIT_MULTIPROC_DIR: dir,
      FLUSH_MS: String(FLUSH_MS),
      ...env,
    });
    started.push(p);
    await p.ready();
    return p;
  };
  const sample = async (name: string, labels: Record<string, string> = {}) =>
    view.aggregated.getSampleValue(name, labels);
  const workers = async (state: string) => sample('promkit_aggregation_workers', { state });
  /** What another process wrote is seen at most a flush interval (and the write) later. */
  const settlesAt = (name: string, expected: number) =>
    waitFor(async () => ((await sample(name)) === expected ? true : undefined), {
      what: `${name} to reach ${expected}`,
      timeoutMs: 5 * FLUSH_MS + 5000,
    });

  it('adds up every process, and keeps the totals of those that exit, however they exit', async () => {
    const [a, b, c, d] = await Promise.all([start(), start(), start(), start()]);
    await Promise.all([a.send('inc 10'), b.send('inc 20'), c.send('inc 30'), d.send('inc 40')]);
    await settlesAt('work_done_total', 100);
    expect(await workers('answered')).toBe(4);

    await a.send('inc 1');
    await a.exit(); // process.exit(): the last write happens in the exit handler
    await b.send('inc 2');
    await b.signal('SIGTERM'); // no handler of its own: promkit writes, then the signal takes effect
    await c.send('inc 3');
    await new Promise((resolve) => setTimeout(resolve, 3 * FLUSH_MS));
    await c.signal('SIGKILL'); // no chance to write: what it flushed before stays
    expect(await sample('work_done_total')).toBe(106);
    expect(await workers('exited')).toBe(3);
    expect(await workers('answered')).toBe(1);
  });

  it('shows gauges of running processes only, one series per pid by default', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    await Promise.all([a.send('set 3'), b.send('set 4')]);
    await waitFor(async () => ((await sample('busy', { pid: String(b.pid) })) === 4 ? true : undefined), {
      what: 'both gauges',
      timeoutMs: 10_000,
    });
    expect(await sample('busy', { pid: String(a.pid) })).toBe(3);
    await a.send('stop', 'stopped');
    expect(await sample('busy', { pid: String(a.pid) })).toBeUndefined();
    expect(await sample('busy', { pid: String(b.pid) })).toBe(4);
  });

  it('serves a stuck process from its last file and says it is late', async () => {
    const p = await start();
    await p.send('inc 5');
    await settlesAt('work_done_total', 5);
    await p.signal('SIGSTOP');
    try {
      await waitFor(async () => ((await workers('late')) === 1 ? true : undefined), {
        what: 'the stopped process to count as late',
        timeoutMs: 10_000,
      });
      expect(await sample('work_done_total')).toBe(5);
    } finally {
      await p.signal('SIGCONT');
    }
  });

  it('skips files it cannot read and reports them, once each', async () => {
    const p = await start();
    await p.send('inc 7');
    await settlesAt('work_done_total', 7);
    await writeFile(join(dir, 'promkit-1-2-abcd1234.json'), '{"format":"promkit-directory/1","snapshot":');
    await writeFile(join(dir, 'notes.txt'), 'not ours');
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      expect(await sample('work_done_total')).toBe(7);
      expect(await sample('work_done_total')).toBe(7);
      expect(await sample('promkit_aggregation_errors_total', { reason: 'invalid' })).toBe(1);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toMatch(/promkit-1-2-abcd1234\.json: not JSON/);
    } finally {
      warn.mockRestore();
    }
  });

  it('serves its own series fresh, without waiting for a flush', async () => {
    const registry = new Registry();
    const own = new MultiprocessDirectory({ dir, registries: [registry], flushInterval: 60_000 });
    try {
      const c = new Counter({ name: 'own_total', help: 'Own', registers: [registry] });
      c.inc(3);
      expect(await own.aggregated.getSampleValue('own_total')).toBe(3);
    } finally {
      await own.stop();
    }
  });

  it('is served by the promkit command', async () => {
    const p = await start();
    await p.send('inc 9');
    await settlesAt('work_done_total', 9);
    const cli = startService('promkit serve', process.execPath, [
      runtime().cli,
      'serve',
      '--dir',
      dir,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
    ]);
    try {
      const url = await waitFor(async () => /serving (\S+)/.exec(cli.output())?.[1], {
        what: 'promkit serve to listen',
        timeoutMs: 20_000,
        giveUp: () => (cli.exited() ? cli.output() : undefined),
      });
      const text = await get(url);
      expect(sampleValue(text, 'work_done_total')).toBe(9);
      expect(sampleValue(text, 'promkit_aggregation_workers{state="answered"}')).toBe(1);
    } finally {
      await cli.stop();
    }
  });
});
