import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cloneWorkingTree, git } from './working-tree-clone';

/**
 * `npm run release -- <version> --dry-run` (scripts/release.cjs), run in a
 * scratch clone of this working tree with npm pointed at a local registry that
 * records what it is sent: it builds and packs the release, rehearses the
 * upload, and publishes, commits and tags nothing.
 */

const ROOT = join(__dirname, '..', '..');
const { nextVersion, releaseChangelog } = require(join(ROOT, 'scripts', 'release.cjs')) as {
  nextVersion(current: string, bump: string): string;
  releaseChangelog(text: string, version: string, date: string): string;
};

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function release(clone: string, args: string[], registry: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(clone, 'scripts', 'release.cjs'), ...args], {
      cwd: clone,
      env: { ...process.env, npm_config_registry: registry, npm_config_fetch_retries: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 150_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c;
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run release', () => {
  let scratch: string;
  let clone: string;
  let server: Server;
  let registry: string;
  const requests: string[] = [];

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'promkit-release-test-'));
    clone = cloneWorkingTree(scratch);
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      req.resume();
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('refuses to start from a tree with uncommitted changes', async () => {
    writeFileSync(join(scratch, 'promkit', 'stray.txt'), 'not committed');
    try {
      const run = await release(clone, ['patch', '--dry-run'], registry);
      expect(run.stderr).toContain('uncommitted changes');
      expect(run.stderr).toContain('stray.txt');
      expect(run.code).toBe(1);
    } finally {
      rmSync(join(clone, 'stray.txt'));
    }
    expect(git(['status', '--porcelain'], clone)).toBe('');
  });

  it('refuses a bump that is neither patch, minor, major nor a version', async () => {
    const run = await release(clone, ['sideways', '--dry-run'], registry);
    expect(run.stderr).toContain('sideways is neither patch, minor, major nor a version x.y.z');
    expect(run.code).toBe(1);
  });

  it('--dry-run builds and packs the release, and publishes, commits and tags nothing', async () => {
    const head = git(['rev-parse', 'HEAD'], clone);
    const unreleased = /## \[Unreleased\]\n([\s\S]*?)\n## \[/.exec(
      readFileSync(join(clone, 'CHANGELOG.md'), 'utf8'),
    );
    const run = await release(clone, ['9.8.7', '--dry-run'], registry);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const tarball = /packed \d+ files into (\S+\.tgz)/.exec(run.stdout)?.[1] as string;
    try {
      expect(tarball).toMatch(/promkit-9\.8\.7\.tgz$/);
      const packed = (file: string) =>
        execFileSync('tar', ['-xzOf', tarball, `package/${file}`], { encoding: 'utf8' });
      const manifest = JSON.parse(packed('package.json'));
      expect(manifest.version).toBe('9.8.7');
      expect(manifest.scripts).toBeUndefined();
      const date = new Date().toISOString().slice(0, 10);
      expect(packed('CHANGELOG.md')).toContain(
        `## [Unreleased]\n\n## [9.8.7] - ${date}\n\n${unreleased?.[1].trim()}\n\n## [`,
      );
      expect(run.stdout).toContain('+ promkit@9.8.7');
    } finally {
      rmSync(dirname(tarball), { recursive: true, force: true });
    }
    expect(requests.filter((r) => !r.startsWith('GET '))).toEqual([]);
    expect(git(['rev-parse', 'HEAD'], clone)).toBe(head);
    expect(git(['tag', '--list'], clone)).toBe('');
    expect(git(['status', '--porcelain'], clone)).toBe('');
  }, 180_000);
});

describe('release versions and changelog', () => {
  it('bumps x.y.z or takes an explicit version', () => {
    expect(nextVersion('0.1.0', 'patch')).toBe('0.1.1');
    expect(nextVersion('0.1.3', 'minor')).toBe('0.2.0');
    expect(nextVersion('0.1.3', 'major')).toBe('1.0.0');
    expect(nextVersion('1.0.0-rc.1', 'patch')).toBe('1.0.0');
    expect(nextVersion('0.1.0', '0.1.0-rc.1')).toBe('0.1.0-rc.1');
    expect(() => nextVersion('0.1.0', '0.1.0')).toThrow('promkit is already at 0.1.0');
  });

  it('moves the Unreleased entries under the new version and leaves Unreleased empty', () => {
    const before = '# Changelog\n\n## [Unreleased]\n\n### Added\n\n- a thing\n\n## [0.1.0]\n\n- first\n';
    expect(releaseChangelog(before, '0.2.0', '2026-01-02')).toBe(
      '# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-01-02\n\n### Added\n\n- a thing\n\n## [0.1.0]\n\n- first\n',
    );
  });

  it('refuses a release with nothing under Unreleased', () => {
    expect(() =>
      releaseChangelog('## [Unreleased]\n\n## [0.1.0]\n\n- first\n', '0.2.0', '2026-01-02'),
    ).toThrow('CHANGELOG.md lists nothing under Unreleased: there is nothing to release');
  });
});
