import { join } from 'node:path';
import { usePromkitBundle } from '../multiprocess/support/promkit-bundle';
import { runNode } from '../support/child-node';

const APP = join(__dirname, 'fixtures', 'cluster-exit-app.js');

interface Tally {
  runs: number;
  lost: number;
}

/**
 * Workers whose snapshot is far larger than what the IPC socket takes at
 * once end without `shutdown()`; their counts must still reach the primary.
 * (The fixture also serves as the measurement script, with more repetitions.)
 */
describe('a cluster worker that ends without shutdown() hands over its last counts', () => {
  const runtime = usePromkitBundle();

  const exits = async (runs: number, extraEnv: Record<string, string> = {}) => {
    const { env, execArgv } = runtime();
    const times = String(runs);
    const run = await runNode(
      [...execArgv, APP],
      { ...env, ...extraEnv, SERIES: '30000', EXITS: times, SIGTERMS: times, KILLS: times },
      40_000,
    );
    const line = run.output.split('\n').find((l) => l.startsWith('{"series"'));
    if (line === undefined) throw new Error(`the cluster app printed no result:\n${run.output.slice(-2000)}`);
    return JSON.parse(line) as Record<'exit' | 'sigterm' | 'kill', Tally>;
  };

  it('by process.exit(), by SIGTERM and by worker.kill(), at 30,000 series', async () => {
    const result = await exits(3);
    expect(result.exit).toEqual({ runs: 3, lost: 0 });
    expect(result.sigterm).toEqual({ runs: 3, lost: 0 });
    expect(result.kill).toEqual({ runs: 3, lost: 0 });
  }, 45_000);

  it("with the cluster's 'advanced' serialization too", async () => {
    const result = await exits(1, { SERIALIZATION: 'advanced' });
    expect(result.exit).toEqual({ runs: 1, lost: 0 });
    expect(result.sigterm).toEqual({ runs: 1, lost: 0 });
    expect(result.kill).toEqual({ runs: 1, lost: 0 });
  }, 45_000);
});
