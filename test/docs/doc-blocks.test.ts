import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'check-doc-blocks.cjs');

function check(files: string[] = [], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [SCRIPT, ...files], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 170_000,
  });
}

describe('code blocks of README.md and docs/', () => {
  // Compiling promkit's sources and the frameworks' types takes about 10 s of CPU time.
  it('every ts block compiles against lib/, every runnable one exits 0, every js block parses', () => {
    const result = check();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /doc blocks: \d+ ts compiled, \d+ of them run, \d+ js checked, \d+ fragments skipped; 0 problems/,
    );
  }, 180_000);

  it('names the file and line of each block that fails, and leaves fragments out', () => {
    const fixture = 'test/docs/fixtures/broken-blocks.md';
    const result = check([fixture], { DOC_BLOCKS_TIMEOUT_MS: '1500' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${fixture}:6: TS2322: Type 'string' is not assignable to type 'number'.`,
    );
    expect(result.stderr).toContain(`${fixture}:20: runnable block exited with 3:\n  about to fail`);
    expect(result.stderr).toContain(`${fixture}:28: runnable block did not end within 1.5 s`);
    expect(result.stderr).toContain(
      `${fixture}:43: js block does not parse: SyntaxError: missing ) after argument list`,
    );
    expect(result.stderr).toContain(
      `${fixture}:50: TS2322: Type 'number' is not assignable to type 'string'.`,
    );
    expect(result.stderr).not.toMatch(/broken-blocks\.md:(1[2-5]|3[4-7]):/);
    expect(result.stdout).toContain(
      'doc blocks: 5 ts compiled, 3 of them run, 1 js checked, 1 fragments skipped; 5 problems',
    );
  }, 60_000);
});
