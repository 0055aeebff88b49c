import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cloneWorkingTree, git } from './working-tree-clone';

/**
 * promkit as a user gets it: the packed tarball installed into a project
 * outside the repository, compiled by TypeScript under each module resolution
 * a user may have, and run. The tarball is scripts/pack.cjs's, which the
 * release publishes. Also `npm install git+…`, which builds in `prepare`.
 */

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const ATTW = join(ROOT, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
const SETUP = 'npm run build (npm test runs it first)';
const { pack: packRelease } = require(join(ROOT, 'scripts', 'pack.cjs')) as {
  pack(root: string, destination: string): { tarball: string };
};
/** Quiet, non-interactive npm that prefers the local cache (CI reaches only the registry). */
const NPM_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

/** What the consumer needs besides promkit, at the versions this repository tests with. */
const CONSUMER_DEPENDENCIES = ['@nestjs/common', '@nestjs/core', 'reflect-metadata', 'rxjs', '@types/node'];

function installedVersion(name: string): string {
  return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
}

async function exec(
  command: string,
  args: string[],
  cwd: string,
  timeout = 240_000,
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(command, args, { cwd, timeout, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd}:\n${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`,
    );
  }
}

async function sh(command: string, args: string[], cwd: string, timeout = 240_000): Promise<string> {
  return (await exec(command, args, cwd, timeout)).stdout;
}

async function tarballFiles(tarball: string): Promise<string[]> {
  return (await sh('tar', ['-tzf', tarball], ROOT)).split('\n').filter(Boolean);
}

/** One TypeScript setup a user may have: compiler options and the package type of the project. */
interface Resolution {
  name: string;
  packageType: 'commonjs' | 'module';
  compilerOptions: Record<string, unknown>;
  /**
   * Type-check every declaration file, promkit's included (no skipLibCheck).
   * Done once: checking NestJS's and Node's declarations too is most of the
   * compile time, and promkit's declarations are the same files in every mode
   * except the ES module entries this one reads.
   */
  checkDeclarations?: boolean;
}

const RESOLUTIONS: Resolution[] = [
  // NestJS ≤ 10 project templates.
  {
    name: 'node10',
    packageType: 'commonjs',
    compilerOptions: { module: 'commonjs', moduleResolution: 'node10' },
  },
  {
    name: 'node16-cjs',
    packageType: 'commonjs',
    compilerOptions: { module: 'node16', moduleResolution: 'node16' },
  },
  {
    name: 'node16-esm',
    packageType: 'module',
    compilerOptions: { module: 'node16', moduleResolution: 'node16' },
    checkDeclarations: true,
  },
  {
    name: 'nodenext-esm',
    packageType: 'module',
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' },
  },
  {
    name: 'bundler',
    packageType: 'module',
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler' },
  },
];

/** Compiles the consumer program for one resolution and runs it; resolves with its output. */
async function buildAndRun(scratch: string, resolution: Resolution): Promise<string> {
  const dir = join(scratch, resolution.name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(__dirname, 'consumer', 'consumer.ts'), join(dir, 'consumer.ts'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: resolution.packageType }));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        strict: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        types: ['node'],
        outDir: 'out',
        skipLibCheck: !resolution.checkDeclarations,
        ...resolution.compilerOptions,
      },
      files: ['consumer.ts'],
    }),
  );
  await sh(process.execPath, [TSC, '-p', dir], dir);
  return sh(process.execPath, [join(dir, 'out', 'consumer.js')], dir);
}

describe('the packed package', () => {
  let scratch: string;
  let tarball: string;
  let consumers: Record<string, Promise<string>>;
  let installWarnings: string;

  beforeAll(async () => {
    expect({ built: existsSync(join(ROOT, 'dist', 'esm', 'index.d.mts')), setup: SETUP }).toEqual({
      built: true,
      setup: SETUP,
    });
    scratch = mkdtempSync(join(tmpdir(), 'promkit-package-'));
    tarball = packRelease(ROOT, scratch).tarball;
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    const dependencies = CONSUMER_DEPENDENCIES.map((name) => `${name}@${installedVersion(name)}`);
    const install = [tarball, ...dependencies, ...NPM_FLAGS.filter((f) => !f.startsWith('--loglevel'))];
    installWarnings = (await exec(NPM, ['install', ...install], scratch)).stderr;
    // Compiled side by side: each compilation is mostly waiting on one core.
    consumers = Object.fromEntries(RESOLUTIONS.map((r) => [r.name, buildAndRun(scratch, r)]));
    // Rejections are reported by the test of each resolution.
    for (const pending of Object.values(consumers)) pending.catch(() => {});
  }, 300_000);

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('ships the build, types, bin, licence and changelog, and no sources or tests', async () => {
    const files = await tarballFiles(tarball);
    for (const file of [
      'package/dist/cjs/index.js',
      'package/dist/cjs/index.d.ts',
      'package/dist/esm/index.mjs',
      'package/dist/esm/index.d.mts',
      'package/dist/cjs/nest/index.js',
      'package/dist/esm/nest/index.d.mts',
      'package/nest/package.json',
      'package/dist/cjs/entries/exposition.js',
      'package/dist/esm/entries/exposition.d.mts',
      'package/exposition/package.json',
      'package/dist/cjs/multiprocess/index.js',
      'package/multiprocess/package.json',
      'package/bin/promkit-json-exporter.js',
      'package/LICENSE',
      'package/CHANGELOG.md',
      'package/README.md',
    ]) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => /^package\/(lib|test|bench|sample|scripts)\//.test(f))).toEqual([]);
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toContain('Apache License');
  });

  it('installs with no install script for npm to approve (nothing runs at install time)', () => {
    expect(installWarnings).not.toMatch(/install-scripts|allowScripts/);
    const installed = JSON.parse(
      readFileSync(join(scratch, 'node_modules', 'promkit', 'package.json'), 'utf8'),
    );
    expect(installed.scripts).toBeUndefined();
  });

  it('has types that resolve the same as the JavaScript for every resolution (arethetypeswrong)', async () => {
    let output: string;
    try {
      output = (await run(process.execPath, [ATTW, tarball, '--format', 'json'], { timeout: 120_000 }))
        .stdout;
    } catch (error) {
      // attw exits non-zero when it finds problems; its report is still on stdout.
      output = (error as { stdout: string }).stdout;
    }
    expect(JSON.parse(output).analysis.problems).toEqual([]);
  }, 150_000);

  it.each(RESOLUTIONS)(
    'compiles and runs a TypeScript consumer under $name resolution',
    async ({ name }) => {
      const lines: string[] = JSON.parse(await (await consumers)[name]);
      expect(lines).toEqual(
        expect.arrayContaining([
          'jobs_processed_total{queue="mail"} 2',
          'job_seconds_bucket{le="1"} 1',
          'job_seconds_count 1',
          'consumer_events_total 1',
          'consumer_queue_depth 3',
          'PROMKIT_MULTIPROC_DIR=set',
        ]),
      );
    },
    240_000,
  );

  it('gives import and require one module instance, so one default registry', async () => {
    const script =
      "import { register } from 'promkit'; import { createRequire } from 'node:module';" +
      "const required = createRequire(import.meta.url)('promkit');" +
      'console.log(JSON.stringify([required.register === register, typeof required.Counter]));';
    const out = await sh(process.execPath, ['--input-type=module', '-e', script], scratch);
    expect(JSON.parse(out)).toEqual([true, 'function']);
  });
});

describe('npm install git+… (npm clones promkit and builds it in prepare)', () => {
  it('installs a built promkit under npm 11’s strict install-script policy once the app approves it', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'promkit-git-install-'));
    try {
      const clone = cloneWorkingTree(scratch);
      const url = `git+file://${clone}`;
      const app = join(scratch, 'app');
      mkdirSync(app);
      // The approval the README tells users to give; promkit's own allowScripts covers the dev dependencies its build installs.
      writeFileSync(
        join(app, 'package.json'),
        JSON.stringify({ name: 'app', private: true, allowScripts: { [url]: true } }),
      );
      const commit = git(['rev-parse', 'HEAD'], clone).trim();
      await sh(NPM, ['install', `${url}#${commit}`, '--strict-allow-scripts', ...NPM_FLAGS], app, 280_000);
      const installed = join(app, 'node_modules', 'promkit');
      for (const file of ['dist/cjs/index.js', 'dist/esm/index.d.mts', 'nest/package.json']) {
        expect({ file, present: existsSync(join(installed, file)) }).toEqual({ file, present: true });
      }
      const out = await sh(process.execPath, ['-e', "console.log(typeof require('promkit').Counter)"], app);
      expect(out.trim()).toBe('function');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 300_000);
});
