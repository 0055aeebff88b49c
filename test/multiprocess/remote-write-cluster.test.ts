import { join } from 'node:path';
import { decodeV1Series } from '../support/remote-write-decode';
import { type FakeReceiver, startFakeReceiver } from '../support/remote-write-receiver';
import { type ServiceProcess, startService } from '../support/service-process';
import { waitFor } from '../support/wait-for';
import { usePromkitBundle } from './support/promkit-bundle';

const APP = join(__dirname, 'fixtures', 'remote-write-cluster.js');

describe('Remote Write from a cluster', () => {
  const runtime = usePromkitBundle();
  let receiver: FakeReceiver | undefined;
  let app: ServiceProcess | undefined;

  afterAll(async () => {
    await app?.stop();
    await receiver?.close();
  });

  it('is sent once, by the primary, as the merged view of every worker', async () => {
    receiver = await startFakeReceiver((_write, res) => {
      res.writeHead(204);
      res.end();
    });
    app = startService('remote write cluster', process.execPath, [...runtime().execArgv, APP], {
      env: { ...runtime().env, RW_URL: receiver.url, WORKERS: '3' },
    });
    const report = await waitFor(
      async () => {
        const line = app!
          .output()
          .split('\n')
          .find((l) => l.startsWith('{"flushed"'));
        return line ? JSON.parse(line) : undefined;
      },
      {
        what: 'the primary to push',
        timeoutMs: 30_000,
        // It exits once it has printed: only an exit without the line is a failure.
        giveUp: () =>
          app!.exited() && !app!.output().includes('{"flushed"') ? `it exited: ${app!.output()}` : undefined,
      },
      () => app!.output(),
    );
    expect(report).toEqual({
      flushed: true,
      stopped: true,
      primarySends: true,
      workerSends: [false, false, false],
    });
    // The flush and the last collection at stop(): one request each, from the primary alone.
    expect(receiver.received).toHaveLength(2);
    const jobs = receiver.received.map((w) =>
      decodeV1Series(w.body).filter((s) => s.labels.__name__ === 'rw_cluster_jobs_total'),
    );
    expect(jobs[0].map((s) => [s.labels, s.value])).toEqual([
      [{ __name__: 'rw_cluster_jobs_total', instance: 'primary', job: 'cluster' }, 1 + 2 + 3],
    ]);
    expect(jobs[1].map((s) => [s.value, s.stale])).toEqual([
      [6, false],
      [Number.NaN, true],
    ]);
  }, 60_000);
});
