import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort } from '../support/free-port';
import { waitFor } from '../support/wait-for';
import { describeWithPromClientSource, examplesAgainst } from './prom-client-source';

const ROOT = join(__dirname, '..', '..');
// The build, not the sources: cluster.js starts five processes, and each would compile lib/ again.
const PROMKIT = join(ROOT, 'dist', 'cjs', 'index.js');
const PROM_CLIENT = require.resolve('prom-client');
const EXAMPLES = ['counter.js', 'gauge.js', 'exemplars.js', 'server.js', 'cluster.js'];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function start(file: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [file], {
    cwd: dirname(file),
    stdio: ['ignore', 'pipe', 'pipe'],
    // The examples require express from prom-client's devDependencies; ours has it.
    env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), ...env },
  });
}

function run(file: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = start(file);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c;
    });
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function text(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return res.ok ? await res.text() : undefined;
  } catch {
    return undefined;
  }
}

/** Ends a child and everything it forked (cluster workers leave with their primary's process group). */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise((resolve) => child.once('close', resolve));
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await closed;
  clearTimeout(forced);
}

describeWithPromClientSource('prom-client 15.1.3’s example programs, unchanged, on promkit', () => {
  let promkitDir: string;
  let promClientDir: string;

  beforeAll(() => {
    if (!existsSync(PROMKIT)) throw new Error('promkit is not built: run npm run build');
    promkitDir = examplesAgainst(PROMKIT, EXAMPLES);
    promClientDir = examplesAgainst(PROM_CLIENT, EXAMPLES);
  });

  afterAll(() => {
    for (const dir of [promkitDir, promClientDir])
      if (dir) rmSync(dirname(dir), { recursive: true, force: true });
  });

  it.each(['counter.js', 'gauge.js'])(
    '%s prints what it prints on prom-client',
    async (example) => {
      const [ours, theirs] = await Promise.all([
        run(join(promkitDir, example)),
        run(join(promClientDir, example)),
      ]);
      expect(ours.stderr).toBe('');
      expect(ours.code).toBe(0);
      expect(ours.stdout).toBe(theirs.stdout);
    },
    120_000,
  );

  it('exemplars.js prints what it prints on prom-client, but for exemplar timestamps and OpenMetrics le values', async () => {
    const [ours, theirs] = await Promise.all([
      run(join(promkitDir, 'exemplars.js')),
      run(join(promClientDir, 'exemplars.js')),
    ]);
    expect(ours.stderr).toBe('');
    expect(ours.code).toBe(0);
    // When each exemplar was taken differs between two runs; OpenMetrics wants le="1.0" (see the migration table).
    const comparable = (out: string) =>
      out.replace(/( # \{[^}]*\} \S+) \d+(\.\d+)?$/gm, '$1 <timestamp>').replace(/le="(\d+)\.0"/g, 'le="$1"');
    expect(ours.stdout).toMatch(/ # \{traceId="888",spanId="jjj"\} 1 \d/);
    expect(comparable(ours.stdout)).toBe(comparable(theirs.stdout));
  }, 120_000);

  it('server.js serves its metrics and the default metrics', async () => {
    const port = await freePort();
    const child = start(join(promkitDir, 'server.js'), { PORT: String(port) });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c;
    });
    try {
      const metrics = await waitFor(
        async () => {
          const body = await text(`http://127.0.0.1:${port}/metrics`);
          // The GC histogram has a series once V8 has collected since the observer started, which
          // depends on how much the process allocated at startup: wait for it rather than assume it.
          return body?.includes('test_histogram_bucket') && body.includes('nodejs_gc_duration_seconds_bucket')
            ? body
            : undefined;
        },
        { what: 'server.js to serve /metrics', timeoutMs: 45_000 },
      );
      expect(metrics).toMatch(/^process_cpu_user_seconds_total \d/m);
      expect(metrics).toMatch(/^nodejs_gc_duration_seconds_bucket\{le="0\.001",kind="/m);
      expect(metrics).toMatch(/^# TYPE test_gauge gauge$/m);
      expect(await text(`http://127.0.0.1:${port}/metrics/counter`)).toMatch(
        /^# TYPE test_counter counter$/m,
      );
      expect(stderr).toBe('');
    } finally {
      await stop(child);
    }
  }, 90_000);

  it('cluster.js serves the metrics of its four workers, combined', async () => {
    const port = await freePort();
    const child = start(join(promkitDir, 'cluster.js'), { PORT: String(port) });
    child.stderr?.resume();
    try {
      // The example's own fixed port.
      const metrics = await waitFor(
        async () => {
          const body = await text('http://127.0.0.1:3001/cluster_metrics');
          return body?.includes('test_counter') ? body : undefined;
        },
        { what: 'cluster.js to serve /cluster_metrics', timeoutMs: 60_000 },
      );
      expect(metrics).toMatch(/^# TYPE test_histogram histogram$/m);
      expect(metrics).toMatch(/^process_cpu_user_seconds_total \d/m);
    } finally {
      await stop(child);
    }
  }, 120_000);
});
