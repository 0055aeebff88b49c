import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'check-doc-links.cjs');

function check(files: string[] = []) {
  return spawnSync(process.execPath, [SCRIPT, ...files], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
}

describe('links of README.md and docs/', () => {
  it('every relative link reaches a file, and every anchor a heading of it', () => {
    const result = check();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('names the file and line of each broken link, outside code only', () => {
    const fixture = 'test/docs/fixtures/broken-links.md';
    const result = check([fixture]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `${fixture}:4: #nowhere: no heading #nowhere in ${fixture}`,
      `${fixture}:4: missing.md: no file test/docs/fixtures/missing.md`,
      `${fixture}:4: ../../../docs/testing.md#nowhere: no heading #nowhere in docs/testing.md`,
    ]);
  });
});
