import { join } from 'node:path';
import { usePromkitBundle } from '../multiprocess/support/promkit-bundle';
import { startService } from '../support/service-process';
import { waitFor } from '../support/wait-for';

const FIXTURE = join(__dirname, 'fixtures', 'view-burst-cluster.js');
const REQUESTS = 300;

interface Burst {
  /** Snapshots the primary asked the worker for: one per gathering of the view. */
  collects: number;
  /** View messages the worker received. */
  messages: number;
  answered: number;
  seriesInView: number | undefined;
}

/**
 * A worker that asks the cluster primary for the merged view many times at
 * once (many scrapes served by the worker, or a worker gone wrong) must not
 * make the primary gather, merge and send the view once per request: the
 * requests that arrive while a view is produced share it.
 */
describe('a burst of view requests from one worker', () => {
  const runtime = usePromkitBundle();

  it('shares one gathering and one merge, and answers every request', async () => {
    const service = startService('view-burst', process.execPath, [...runtime().execArgv, FIXTURE], {
      env: { ...runtime().env, REQUESTS: String(REQUESTS), SERIES: '5000', DEADLINE_MS: '15000' },
    });
    try {
      const burst = await waitFor(
        async () => {
          const line = service
            .output()
            .split('\n')
            .find((l) => l.startsWith('{'));
          return line ? (JSON.parse(line) as Burst) : undefined;
        },
        {
          what: 'the burst to be answered',
          timeoutMs: 40_000,
          giveUp: () => (service.exited() ? 'it exited' : undefined),
        },
        () => service.output(),
      );
      expect(burst.answered).toBe(REQUESTS);
      expect(burst.seriesInView).toBe(5000);
      // Before, each request gathered the view anew: one collect and one message per request.
      expect(burst.collects).toBeLessThanOrEqual(3);
      expect(burst.messages).toBeLessThanOrEqual(3);
    } finally {
      await service.stop();
    }
  }, 60_000);
});
