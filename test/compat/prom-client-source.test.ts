import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROM_CLIENT_TAG } from './prom-client-source';

/**
 * Where CI gets prom-client's repository for its tests and example programs
 * (scripts/prom-client-git.sh, called by .ci/run), and that those tests never
 * pass silently in CI without it.
 */

const ROOT = join(__dirname, '..', '..');
const FETCH = join(ROOT, 'scripts', 'prom-client-git.sh');

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A one-commit repository tagged like prom-client's release, with a marker file. */
function taggedRepository(dir: string, marker: string): string {
  mkdirSync(dir, { recursive: true });
  git(['init', '--quiet'], dir);
  writeFileSync(join(dir, 'marker'), marker);
  git(['add', 'marker'], dir);
  git(['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '--quiet', '-m', 'marker'], dir);
  git(['tag', PROM_CLIENT_TAG], dir);
  return dir;
}

describe('scripts/prom-client-git.sh', () => {
  let scratch: string;
  let checkout: string;

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'promkit-prom-client-git-'));
    // A checkout as CI has it: the repository root, with shared/ beside it.
    checkout = join(scratch, 'checkout');
    mkdirSync(join(checkout, 'scripts'), { recursive: true });
    copyFileSync(FETCH, join(checkout, 'scripts', 'prom-client-git.sh'));
  });

  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  function fetch(url: string) {
    const into = join(scratch, 'into');
    mkdirSync(into, { recursive: true });
    return spawnSync('bash', [join(checkout, 'scripts', 'prom-client-git.sh'), into], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, PROM_CLIENT_URL: url },
    });
  }

  it('clones the bundle in ../shared beside the checkout, not the network', () => {
    const source = taggedRepository(join(scratch, 'source'), 'from the bundle');
    mkdirSync(join(scratch, 'shared'));
    git(
      ['bundle', 'create', '--quiet', join(scratch, 'shared', 'prom-client-v15.1.3.bundle'), PROM_CLIENT_TAG],
      source,
    );
    const result = fetch(join(scratch, 'unreachable.git'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const clone = result.stdout.trim();
    expect(git(['--git-dir', clone, 'show', `${PROM_CLIENT_TAG}:marker`], scratch)).toBe('from the bundle');
  });

  it('falls back to the repository address when there is no bundle', () => {
    const source = taggedRepository(join(scratch, 'source'), 'from the address');
    const result = fetch(`file://${source}`);
    expect(result.status).toBe(0);
    const clone = result.stdout.trim();
    expect(git(['--git-dir', clone, 'show', `${PROM_CLIENT_TAG}:marker`], scratch)).toBe('from the address');
  });

  it('fails, naming the bundle it looked for, when neither can be read', () => {
    const result = fetch(join(scratch, 'unreachable.git'));
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('../shared/prom-client-v15.1.3.bundle');
  });
});

describe('prom-client comparison tests without PROM_CLIENT_GIT', () => {
  it('fail under CI=true instead of being skipped', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', FORCE_COLOR: '0' };
    delete env.PROM_CLIENT_GIT;
    const jest = require.resolve('jest/bin/jest');
    const result = spawnSync(process.execPath, [jest, '--ci', 'test/compat/prom-client-examples.test.ts'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 80_000,
    });
    expect(result.stderr).toContain("requires prom-client's repository at v15.1.3");
    expect(result.stderr).toContain('set PROM_CLIENT_GIT');
    expect(result.status).toBe(1);
  }, 90_000);
});
