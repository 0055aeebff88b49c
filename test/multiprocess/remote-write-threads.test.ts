import { join } from 'node:path';
import { decodeV1Series } from '../support/remote-write-decode';
import { type FakeReceiver, startFakeReceiver } from '../support/remote-write-receiver';
import { type ServiceProcess, startService } from '../support/service-process';
import { waitFor } from '../support/wait-for';
import { usePromkitBundle } from './support/promkit-bundle';

const APP = join(__dirname, 'fixtures', 'remote-write-threads.js');

describe('Remote Write from worker threads', () => {
  const runtime = usePromkitBundle();
  let receiver: FakeReceiver | undefined;
  let app: ServiceProcess | undefined;

  afterAll(async () => {
    await app?.stop();
    await receiver?.close();
  });

  it('is sent once, by the main thread, as the merged view of every thread', async () => {
    receiver = await startFakeReceiver((_write, res) => {
      res.writeHead(204);
      res.end();
    });
    app = startService('remote write threads', process.execPath, [APP], {
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
        what: 'the main thread to push',
        timeoutMs: 30_000,
        // It exits once it has printed: only an exit without the line is a failure.
        giveUp: () =>
          app!.exited() && !app!.output().includes('{"flushed"') ? `it exited: ${app!.output()}` : undefined,
      },
      () => app!.output(),
    );
    expect(report).toMatchObject({
      flushed: true,
      stopped: true,
      mainSends: true,
      workerSends: [false, false, false],
    });
    expect(receiver.received).toHaveLength(2);
    const jobs = decodeV1Series(receiver.received[0].body).filter(
      (s) => s.labels.__name__ === 'rw_threads_jobs_total',
    );
    expect(jobs.map((s) => [s.labels, s.value])).toEqual([
      [{ __name__: 'rw_threads_jobs_total', instance: 'main', job: 'threads' }, report.expected],
    ]);
  }, 60_000);
});
