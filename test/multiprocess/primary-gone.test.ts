import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { freePort } from '../support/free-port';
import { waitFor } from '../support/wait-for';
import { drive } from './support/load';
import { usePromkitBundle } from './support/promkit-bundle';

const SAMPLE = join(__dirname, '..', '..', 'sample', 'cluster', 'cluster.js');

describe('cluster workers whose primary is killed', () => {
  const runtime = usePromkitBundle();

  it('exit without an unhandled error from promkit’s channel to the primary', async () => {
    const metricsPort = await freePort();
    const app = spawn(process.execPath, [...runtime().execArgv, SAMPLE], {
      env: { ...runtime().env, PORT: '0', METRICS_PORT: String(metricsPort), WORKERS: '3' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    app.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    app.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    // Closed once every process holding the pipes (the primary and its workers) is gone.
    const closed = once(app, 'close');
    try {
      const url = await waitFor(async () => /serving (\S+)/.exec(output)?.[1], {
        what: 'a worker to serve',
        timeoutMs: 30_000,
      });
      await drive(() => url, 30, 3);
      // The merged view asks every worker for its snapshot: the channels are in use.
      await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => r.text());
      app.kill('SIGKILL');
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    } finally {
      if (app.exitCode === null && app.signalCode === null) app.kill('SIGKILL');
    }
    expect(output).not.toMatch(/Unhandled 'error' event|EPIPE|ECONNRESET/);
  }, 60_000);
});
