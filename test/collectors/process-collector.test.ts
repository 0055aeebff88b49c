import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface, type Interface } from 'node:readline';
import { collectDefaultMetrics, MetricConfigError, ProcessCollector, Registry } from 'promkit';
import { describeWithTool } from '../support/external-tool';
import { promtool, promtoolCheckMetrics } from '../support/promtool';
import { waitFor } from '../support/wait-for';

const onLinux = process.platform === 'linux' ? describe : describe.skip;

/**
 * A Node process the test drives over stdin: `fds` opens 20 descriptors,
 * `alloc` touches 64 MiB, `burn` spins until it has used 300 ms of CPU; after each command
 * it answers with its own view of its CPU time.
 */
const WORKER = `
// A name with spaces and parentheses, as /proc/<pid>/stat shows it: "(w) 1 2 (x)".
process.title = 'w) 1 2 (x';
const fs = require('node:fs');
const held = [];
let ballast;
require('node:readline').createInterface({ input: process.stdin }).on('line', (command) => {
  if (command === 'fds') for (let i = 0; i < 20; i++) held.push(fs.openSync('/dev/null', 'r'));
  if (command === 'alloc') ballast = Buffer.alloc(64 * 1024 * 1024, 1);
  if (command === 'burn') {
    const start = process.cpuUsage();
    for (;;) { const { user, system } = process.cpuUsage(start); if (user + system >= 300000) break; }
  }
  const { user, system } = process.cpuUsage();
  console.log(JSON.stringify({ cpuSeconds: (user + system) / 1e6, ballast: ballast ? ballast.length : 0 }));
});
console.log('{}');
`;

const MAX_FDS = 1234;

interface Worker {
  readonly child: ChildProcessWithoutNullStreams;
  readonly pid: number;
  send(command: string): Promise<{ cpuSeconds: number }>;
  stop(): Promise<void>;
}

async function startWorker(): Promise<Worker> {
  // The shell sets a soft descriptor limit only this process has, then becomes node.
  const child = spawn('sh', ['-c', `ulimit -n ${MAX_FDS} && exec "$0" -e "$1"`, process.execPath, WORKER]);
  const lines: Interface = createInterface({ input: child.stdout });
  const replies = lines[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await replies.next()).value as string);
  await next();
  return {
    child,
    pid: child.pid as number,
    async send(command) {
      child.stdin.write(`${command}\n`);
      return next();
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** What `ps` (procps) reports for a process: sizes in KiB, elapsed seconds. */
function ps(pid: number): { rssBytes: number; vszBytes: number; elapsedSeconds: number } {
  const [rss, vsz, etimes] = execFileSync('ps', ['-o', 'rss=,vsz=,etimes=', '-p', String(pid)], {
    encoding: 'utf8',
  })
    .trim()
    .split(/\s+/)
    .map(Number);
  return { rssBytes: rss * 1024, vszBytes: vsz * 1024, elapsedSeconds: etimes };
}

function value(registry: Registry, name: string): Promise<number | undefined> {
  return registry.getSampleValue(name);
}

onLinux('ProcessCollector watching a child process', () => {
  let worker: Worker;
  let spawnedAt: number;
  const registry = new Registry();
  let watched: number | undefined;
  new ProcessCollector({ namespace: 'worker', pid: () => watched, registers: [registry] });

  beforeAll(async () => {
    spawnedAt = Date.now() / 1000;
    worker = await startWorker();
    watched = worker.pid;
  });
  afterAll(() => worker?.stop());

  it('reports its start time, memory and descriptor limit as ps and the shell see them', async () => {
    const seen = ps(worker.pid);
    const start = await value(registry, 'worker_process_start_time_seconds');
    // /proc/stat's boot time has whole seconds; the start tick 10 ms.
    expect(start).toBeGreaterThanOrEqual(Math.floor(spawnedAt) - 1);
    expect(start).toBeLessThanOrEqual(Date.now() / 1000 + 1);
    expect(Math.abs((start as number) - (Date.now() / 1000 - seen.elapsedSeconds))).toBeLessThanOrEqual(2);
    const resident = (await value(registry, 'worker_process_resident_memory_bytes')) as number;
    const virtual = (await value(registry, 'worker_process_virtual_memory_bytes')) as number;
    expect(resident / seen.rssBytes).toBeCloseTo(1, 1);
    expect(virtual / seen.vszBytes).toBeCloseTo(1, 1);
    expect(await value(registry, 'worker_process_max_fds')).toBe(MAX_FDS);
  });

  it('follows its CPU time, memory and descriptors as they change', async () => {
    const fdsBefore = (await value(registry, 'worker_process_open_fds')) as number;
    await worker.send('fds');
    expect(await value(registry, 'worker_process_open_fds')).toBe(fdsBefore + 20);

    const residentBefore = (await value(registry, 'worker_process_resident_memory_bytes')) as number;
    await worker.send('alloc');
    const residentAfter = (await value(registry, 'worker_process_resident_memory_bytes')) as number;
    expect(residentAfter - residentBefore).toBeGreaterThanOrEqual(60 * 1024 * 1024);

    const cpuBefore = (await value(registry, 'worker_process_cpu_seconds_total')) as number;
    const { cpuSeconds } = await worker.send('burn');
    const cpuAfter = (await value(registry, 'worker_process_cpu_seconds_total')) as number;
    expect(cpuAfter - cpuBefore).toBeGreaterThanOrEqual(0.25);
    // The kernel counts in 10 ms ticks; the child's own reading came just before.
    expect(Math.abs(cpuAfter - cpuSeconds)).toBeLessThanOrEqual(0.05);
  });

  it('names every family with the namespace', async () => {
    const text = await registry.metrics();
    expect(
      text
        .split('\n')
        .filter((line) => line.startsWith('# TYPE'))
        .sort(),
    ).toEqual([
      '# TYPE worker_process_cpu_seconds_total counter',
      '# TYPE worker_process_max_fds gauge',
      '# TYPE worker_process_open_fds gauge',
      '# TYPE worker_process_resident_memory_bytes gauge',
      '# TYPE worker_process_start_time_seconds gauge',
      '# TYPE worker_process_virtual_memory_bytes gauge',
    ]);
  });

  it('leaves the series out, without an error, once the process has exited, and follows a new one', async () => {
    await worker.stop();
    expect(await registry.metrics()).toBe('');
    watched = undefined;
    expect(await registry.metrics()).toBe('');
    worker = await startWorker();
    watched = worker.pid;
    expect(await value(registry, 'worker_process_max_fds')).toBe(MAX_FDS);
    expect(
      await registry.getSampleValue('promkit_collector_errors_total', { collector: 'ProcessCollector' }),
    ).toBe(undefined);
  });
});

onLinux('ProcessCollector', () => {
  it('treats an exited process its parent has not reaped (a zombie) as gone', async () => {
    // `sleep 5` replaces the shell and never waits for its child, which becomes a zombie after 0.1 s.
    const parent = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 5']);
    try {
      const [line] = await once(createInterface({ input: parent.stdout }), 'line');
      const zombie = Number(line);
      await waitFor(
        async () =>
          (ps(zombie) &&
            execFileSync('ps', ['-o', 'stat=', '-p', String(zombie)], { encoding: 'utf8' }).startsWith(
              'Z',
            )) ||
          undefined,
        { what: `process ${zombie} to become a zombie`, timeoutMs: 5000, intervalMs: 50 },
      );
      const registry = new Registry();
      new ProcessCollector({ pid: zombie, registers: [registry] });
      expect(await registry.getSamples()).toEqual([]);
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it("reads this very process with pid 'self', the default", async () => {
    const registry = new Registry();
    new ProcessCollector({ namespace: 'me', registers: [registry] });
    const defaults = new Registry();
    collectDefaultMetrics({ register: defaults });
    const mine = await registry.getSampleValue('me_process_max_fds');
    expect(mine).toBe(await defaults.getSampleValue('process_max_fds'));
    expect(await registry.getSampleValue('me_process_start_time_seconds')).toBeCloseTo(
      (await defaults.getSampleValue('process_start_time_seconds')) as number,
      -1,
    );
  });

  it('counts a pid function that returns nonsense as a failure of this collector only', async () => {
    const errors: string[] = [];
    const registry = new Registry(undefined, {
      onCollectError: (error) => errors.push((error as Error).message),
    });
    new ProcessCollector({ namespace: 'broken', pid: () => -1, registers: [registry] });
    new ProcessCollector({ namespace: 'fine', registers: [registry] });
    const samples = await registry.getSamples();
    expect(samples.some((s) => s.name === 'fine_process_cpu_seconds_total')).toBe(true);
    expect(samples.some((s) => s.name.startsWith('broken_'))).toBe(false);
    expect(samples.filter((s) => s.name === 'promkit_collector_errors_total').map((s) => s.value)).toEqual([
      1,
    ]);
    expect(errors).toEqual([
      "ProcessCollector: pid must be a positive integer, 'self', or undefined while there is no process, got -1",
    ]);
  });

  it('rejects a bad namespace or PID, and a name clash, when it is created', () => {
    expect(() => new ProcessCollector({ namespace: 'my-app', registers: [] })).toThrow(
      new MetricConfigError(
        `ProcessCollector: namespace "my-app" would make invalid metric names (use letters, digits, '_' and ':')`,
      ),
    );
    expect(() => new ProcessCollector({ pid: 1.5, registers: [] })).toThrow(
      new MetricConfigError(
        "ProcessCollector: pid must be a positive integer, 'self', or undefined while there is no process, got 1.5",
      ),
    );
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    expect(() => new ProcessCollector({ registers: [registry] })).toThrow(/process_cpu_seconds/);
  });
});

describeWithTool(promtool, 'ProcessCollector output', () => {
  it('passes promtool check metrics', async () => {
    const registry = new Registry();
    new ProcessCollector({ namespace: 'sidecar', registers: [registry] });
    const checked = await promtoolCheckMetrics(await registry.metrics());
    expect(checked.stdout + checked.stderr).toBe('');
    expect(checked.code).toBe(0);
  });
});
