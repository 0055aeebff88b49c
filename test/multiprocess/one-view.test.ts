import { join } from 'node:path';
import { runNode } from '../support/child-node';
import { usePromkitBundle } from './support/promkit-bundle';

const FIXTURES = join(__dirname, 'fixtures');

/**
 * A process has one merged view, whoever reads it: the primary's registries
 * and the workers that serve the view themselves. A snapshot refused while a
 * worker's request gathered the view is counted in the primary's view too.
 */
describe('the one merged view of a process', () => {
  const runtime = usePromkitBundle();

  const run = async (fixture: string) => {
    const { env, execArgv } = runtime();
    const result = await runNode([...execArgv, join(FIXTURES, fixture)], env, 20_000);
    const line = result.output.split('\n').find((l) => l.startsWith('{'));
    if (line === undefined) throw new Error(`${fixture} printed no result:\n${result.output.slice(-2000)}`);
    return JSON.parse(line) as Record<string, unknown>;
  };

  it('counts a refused snapshot alike for a cluster worker that serves it and for every registry of the primary', async () => {
    expect(await run('one-view-cluster.js')).toEqual({ worker: 1, primary: 1, second: 1 });
  }, 30_000);

  it('counts a refused snapshot alike for a thread that serves it and for every registry of the main thread', async () => {
    expect(await run('one-view-threads.js')).toEqual({ reader: 1, main: 1, second: 1 });
  }, 30_000);
});
