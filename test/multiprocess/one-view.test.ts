import { join } from 'node:path';
import { runNode } from '../support/child-node';
import { usePromkitBundle } from './support/promkit-bundle';

const FIXTURE = join(__dirname, 'fixtures', 'one-view-cluster.js');

/**
 * A process has one merged view, whoever reads it: the primary's registries
 * and the workers that serve the view themselves. A snapshot refused while a
 * worker's request gathered the view is counted in the primary's view too.
 */
describe('the merged view of a cluster primary', () => {
  const runtime = usePromkitBundle();

  it('counts a refused snapshot alike for a worker that serves it and for every registry of the primary', async () => {
    const { env, execArgv } = runtime();
    const run = await runNode([...execArgv, FIXTURE], env, 20_000);
    const line = run.output.split('\n').find((l) => l.startsWith('{'));
    if (line === undefined) throw new Error(`no result:\n${run.output.slice(-2000)}`);
    expect(JSON.parse(line)).toEqual({ worker: 1, primary: 1, second: 1 });
  }, 30_000);
});
