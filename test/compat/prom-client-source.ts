import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeUnlessMissing } from '../support/external-tool';

/**
 * prom-client's repository at the tag promkit is compared with, for its own
 * tests and example programs (the npm package ships neither). PROM_CLIENT_GIT
 * names a clone or mirror; .ci/run clones one from the bundle CI keeps beside
 * the checkout, or from GitHub.
 */
export const PROM_CLIENT_TAG = 'v15.1.3';
export const promClientGit = process.env.PROM_CLIENT_GIT;

/** `describe` that runs with PROM_CLIENT_GIT set; without it, fails under CI=true and is skipped loudly elsewhere. */
export function describeWithPromClientSource(title: string, body: () => void): void {
  const missing =
    promClientGit === undefined
      ? `set PROM_CLIENT_GIT to a prom-client git repository holding ${PROM_CLIENT_TAG} (.ci/run does)`
      : undefined;
  describeUnlessMissing(title, `prom-client's repository at ${PROM_CLIENT_TAG}`, missing, body);
}

function gitDir(): string {
  const dir = promClientGit as string;
  return existsSync(join(dir, '.git')) ? join(dir, '.git') : dir;
}

/** One file of prom-client at the tag. */
export function promClientFile(path: string): string {
  return execFileSync('git', ['--git-dir', gitDir(), 'show', `${PROM_CLIENT_TAG}:${path}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * A scratch copy of prom-client's layout with its example programs, whose
 * `require('..')` loads `library` (a path) instead of prom-client: the one
 * change a user makes.
 */
export function examplesAgainst(library: string, examples: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'promkit-examples-'));
  writeFileSync(join(root, 'index.js'), `module.exports = require(${JSON.stringify(library)});\n`);
  mkdirSync(join(root, 'example'));
  for (const example of examples) {
    writeFileSync(join(root, 'example', example), promClientFile(`example/${example}`));
  }
  return join(root, 'example');
}
