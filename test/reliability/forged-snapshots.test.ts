import { join } from 'node:path';
import { usePromkitBundle } from '../multiprocess/support/promkit-bundle';
import { runNode } from '../support/child-node';

const FIXTURES = join(__dirname, 'fixtures');
const FORGED_WARNING =
  /promkit: aggregating metrics: worker \d+ \(pid \d+\) sent a snapshot in the name of worker/;

/**
 * A snapshot is kept, and archived when its sender exits, under the identity
 * it names: one that names another process or thread (here one that has
 * exited) would replace that one's totals.
 */
describe('a snapshot sent in the name of another process or thread', () => {
  const runtime = usePromkitBundle();

  const run = async (fixture: string, env: Record<string, string> = {}) => {
    const { env: base, execArgv } = runtime();
    const result = await runNode([...execArgv, join(FIXTURES, fixture)], { ...base, ...env }, 20_000);
    const line = result.output.split('\n').find((l) => l.startsWith('{'));
    if (line === undefined) throw new Error(`${fixture} printed no result:\n${result.output.slice(-2000)}`);
    return { result: JSON.parse(line) as Record<string, unknown>, output: result.output };
  };

  it('from a cluster worker is refused and counted; the exited worker it named keeps its totals', async () => {
    const { result, output } = await run('cluster-forged-app.js');
    expect(result).toEqual({ victim: 300, forged: 1 });
    expect(output).toMatch(FORGED_WARNING);
  }, 30_000);

  it("from a worker thread, on the other's channel or its own, is refused; the exited thread keeps its totals", async () => {
    const { result, output } = await run('threads-liveness-app.js', { CASE: 'forged-snapshot' });
    expect(result).toEqual({ case: 'forged-snapshot', victim: 300, forged: 1 });
    expect(output).toMatch(FORGED_WARNING);
  }, 30_000);
});
