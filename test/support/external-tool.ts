import { spawn, spawnSync } from 'node:child_process';

/** An external program used as an independent source of truth in tests. */
export interface ExternalTool {
  /** What is run, for messages. */
  readonly name: string;
  /** The Debian package that provides it. */
  readonly debianPackage: string;
  /** Whether it can be run on this machine (checked once, synchronously). */
  available(): boolean;
}

export interface SpawnResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program with `input` on stdin (UTF-8) and collects its output; rejects only if it cannot start. */
export function runWithInput(
  command: string,
  args: readonly string[],
  input: string,
  timeoutMs = 20_000,
): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONIOENCODING: 'utf-8', LC_ALL: 'C.UTF-8' },
      timeout: timeoutMs,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    // The child may exit before reading everything (e.g. on a usage error); that is not our failure.
    child.stdin.on('error', () => {});
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
    child.stdin.end(input, 'utf8');
  });
}

/** True when `command args...` can be run and exits 0. */
export function commandSucceeds(command: string, args: readonly string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 20_000 });
  return result.error === undefined && result.status === 0;
}

/**
 * `describe` for tests that need an external tool. When the tool is missing,
 * CI (`CI=true`) gets a failing test, because a silently skipped external
 * check is a check that never runs; elsewhere the block is skipped with a
 * loud warning naming the package to install.
 */
export function describeWithTool(tool: ExternalTool, title: string, body: () => void): void {
  describeWithTools([tool], title, body);
}

/** `describeWithTool` for tests that need several external tools: each missing one is named. */
export function describeWithTools(tools: readonly ExternalTool[], title: string, body: () => void): void {
  const missing = tools
    .filter((tool) => !tool.available())
    .map((tool) => `${tool.name} is not available: install the Debian package "${tool.debianPackage}"`);
  describeUnlessMissing(
    title,
    tools.map((tool) => tool.name).join(' and '),
    missing.length > 0 ? missing.join('; ') : undefined,
    body,
  );
}

/**
 * `describe` for tests that need something outside the repository (`what`);
 * `missing` says that it is absent and how to provide it, or is undefined when
 * it is there. Fails under `CI=true`, skips with a loud warning elsewhere.
 */
export function describeUnlessMissing(
  title: string,
  what: string,
  missing: string | undefined,
  body: () => void,
): void {
  if (missing === undefined) {
    describe(title, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(title, () => {
      it(`requires ${what}`, () => {
        throw new Error(`${missing} (tests that need it must not be skipped in CI)`);
      });
    });
    return;
  }
  console.warn(`\n!!! SKIPPING "${title}": ${missing} !!!\n`);
  describe.skip(title, body);
}
