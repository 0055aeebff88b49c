import { join } from 'node:path';
import { usePromkitBundle } from '../multiprocess/support/promkit-bundle';
import { runNode } from '../support/child-node';

const APP = join(__dirname, 'fixtures', 'threads-liveness-app.js');
/** The fixture's scrape timeout is 2000 ms: a scrape that waits for a gone thread takes that long. */
const FAST_MS = 500;

/** The main thread learns that a thread has ended from the runtime, not from what threads say. */
describe('worker_threads: a thread that has ended is not waited for', () => {
  const runtime = usePromkitBundle();

  const run = async (name: string) => {
    const { env, execArgv } = runtime();
    const result = await runNode([...execArgv, APP], { ...env, CASE: name }, 20_000);
    const line = result.output.split('\n').find((l) => l.startsWith('{"case"'));
    if (line === undefined)
      throw new Error(`the threads app printed no result:\n${result.output.slice(-2000)}`);
    return JSON.parse(line) as { ms: number; nested?: number; exited?: number };
  };

  it("a nested thread's exit is noticed: the next scrape is fast and keeps its counts", async () => {
    const result = await run('nested-exit');
    expect(result.ms).toBeLessThan(FAST_MS);
    expect(result.nested).toBe(500);
    expect(result.exited).toBe(1);
  }, 30_000);

  it('a hello in the name of a thread that does not exist makes no scrape wait', async () => {
    const result = await run('forged-hello');
    expect(result.ms).toBeLessThan(FAST_MS);
  }, 30_000);
});
