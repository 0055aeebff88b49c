#!/usr/bin/env node
// Runs prom-client's own core test files against promkit, with only the import
// changed, and prints the pass rate. The tests are read from a prom-client git
// repository (a local clone or mirror, or GitHub) into a scratch directory
// outside this repository; nothing of theirs is kept.
//
//   node scripts/prom-client-suite.cjs [--git <repository dir or url>] [--json <file>] [--baseline]
//
// --baseline runs the same files against the installed prom-client instead: what
// fails there is the harness (a newer jest and nock than prom-client's), not promkit.
//
// The repository defaults to $PROM_CLIENT_GIT, else GitHub. prom-client's
// pushgateway tests need the nock it was tested with (13; nock 14 fires their
// 10 ms socket timeouts early, for prom-client too): $NOCK_DIR points at one,
// else it is installed into the scratch directory.
// KEEP_SCRATCH=1 keeps the scratch directory for a look.
// Exit code: 0 when every failing test is listed, with its reason, in
// prom-client-differences.json; 1 otherwise; 2 when the tests cannot be read.
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const TAG = 'v15.1.3';
const FILES = [
  'counterTest.js',
  'gaugeTest.js',
  'histogramTest.js',
  'summaryTest.js',
  'registerTest.js',
  'exemplarsTest.js',
  'bucketGeneratorsTest.js',
  'pushgatewayTest.js',
  'pushgatewayWithPathTest.js',
];
const ROOT = path.join(__dirname, '..');
const DIFFERENCES = path.join(__dirname, 'prom-client-differences.json');

function parseArgs(argv) {
  const args = {
    git: process.env.PROM_CLIENT_GIT || 'https://github.com/siimon/prom-client.git',
    json: undefined,
    baseline: false,
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--git') args.git = argv[++i];
    else if (argv[i] === '--json') args.json = argv[++i];
    else if (argv[i] === '--baseline') args.baseline = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return args;
}

/** A git directory holding the tag: the one given, or a shallow bare clone of a URL. */
function gitDirFor(source, scratch) {
  if (fs.existsSync(source)) return source;
  const clone = path.join(scratch, 'prom-client.git');
  execFileSync('git', ['clone', '--quiet', '--bare', '--depth', '1', '--branch', TAG, source, clone], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
  });
  return clone;
}

function show(gitDir, file) {
  return execFileSync('git', ['--git-dir', resolveGitDir(gitDir), 'show', `${TAG}:${file}`], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function resolveGitDir(dir) {
  return fs.existsSync(path.join(dir, '.git')) ? path.join(dir, '.git') : dir;
}

/** The one change a prom-client user makes: the import. */
function swapImport(source) {
  return source
    .replace(/require\('\.\.\/index'\)/g, "require('promkit')")
    .replace(/require\('\.\.\/lib\/registry'\)/g, "require('promkit').Registry");
}

/** Jest 30 refuses snapshot files whose header links to the old guide; the snapshots themselves are unchanged. */
function jest30Snapshot(text) {
  return text.replace('https://goo.gl/fbAQLP', 'https://jestjs.io/docs/snapshot-testing');
}

/** Matcher aliases Jest 30 removed and prom-client's tests (written for Jest 29) still call. */
const JEST29_ALIASES = `
const { expect } = require('@jest/globals');
const aliases = { toThrowError: 'toThrow', toBeCalled: 'toHaveBeenCalled', toBeCalledWith: 'toHaveBeenCalledWith',
  toBeCalledTimes: 'toHaveBeenCalledTimes', lastCalledWith: 'toHaveBeenLastCalledWith', toReturn: 'toHaveReturned' };
for (const [alias, name] of Object.entries(aliases)) {
  expect.extend({ [alias](received, ...args) {
    const matcher = this.isNot ? expect(received).not[name] : expect(received)[name];
    try { matcher(...args); return { pass: !this.isNot, message: () => '' }; }
    catch (error) { return { pass: this.isNot, message: () => error.message }; }
  } });
}
`;

/** nock 13, from $NOCK_DIR or installed into the scratch directory. */
function nock13(dir) {
  if (process.env.NOCK_DIR) return process.env.NOCK_DIR;
  const prefix = path.join(dir, 'harness');
  execFileSync(
    'npm',
    ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--prefer-offline', 'nock@13'],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 180_000 },
  );
  return path.join(prefix, 'node_modules', 'nock');
}

function writeSuite(gitDir, dir, baseline) {
  fs.mkdirSync(path.join(dir, 'test', '__snapshots__'), { recursive: true });
  for (const file of FILES) {
    fs.writeFileSync(path.join(dir, 'test', file), swapImport(show(gitDir, `test/${file}`)));
    const snapshot = `test/__snapshots__/${file}.snap`;
    try {
      fs.writeFileSync(path.join(dir, snapshot), jest30Snapshot(show(gitDir, snapshot)));
    } catch {
      // Not every test file has snapshots.
    }
  }
  fs.writeFileSync(path.join(dir, 'jest29-aliases.js'), JEST29_ALIASES);
  const config = {
    rootDir: dir,
    setupFilesAfterEnv: [path.join(dir, 'jest29-aliases.js')],
    testEnvironment: 'node',
    testRegex: '.*Test\\.js$',
    // promkit from its TypeScript sources, as this repository's own tests load it.
    moduleNameMapper: {
      '^nock$': nock13(dir),
      '^promkit$': baseline ? require.resolve('prom-client', { paths: [ROOT] }) : path.join(ROOT, 'lib'),
    },
    modulePaths: [path.join(ROOT, 'node_modules')],
    transform: {
      '^.+\\.ts$': [
        require.resolve('ts-jest', { paths: [ROOT] }),
        { tsconfig: path.join(ROOT, 'tsconfig.json'), isolatedModules: true },
      ],
    },
    cacheDirectory: path.join(dir, '.jest-cache'),
  };
  fs.writeFileSync(path.join(dir, 'jest.config.json'), JSON.stringify(config, null, 2));
}

function runJest(dir) {
  const resultsFile = path.join(dir, 'results.json');
  const jest = require.resolve('jest/bin/jest', { paths: [ROOT] });
  const run = spawnSync(
    process.execPath,
    [
      jest,
      '--config',
      path.join(dir, 'jest.config.json'),
      '--ci',
      '--json',
      '--outputFile',
      resultsFile,
      '-w',
      '1',
    ],
    { cwd: dir, encoding: 'utf8', timeout: 600_000, env: { ...process.env, CI: 'true' } },
  );
  if (!fs.existsSync(resultsFile)) throw new Error(`jest produced no results:\n${run.stderr}`);
  return JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
}

function summarise(results) {
  const { reasons, tests: known } = JSON.parse(fs.readFileSync(DIFFERENCES, 'utf8'));
  const perFile = [];
  const unexpected = [];
  const failures = [];
  for (const file of results.testResults) {
    const name = path.basename(file.name);
    let passed = 0;
    let failed = 0;
    for (const test of file.assertionResults) {
      if (test.status === 'passed') passed++;
      else if (test.status === 'failed') {
        failed++;
        const key = known[name]?.[test.fullName];
        failures.push({ file: name, title: test.fullName, key });
        if (key === undefined) {
          unexpected.push({ file: name, title: test.fullName, message: test.failureMessages.join('\n') });
        }
      }
    }
    if (file.assertionResults.length === 0 && file.failureMessage) {
      unexpected.push({ file: name, title: '(file failed to run)', message: file.failureMessage });
    }
    perFile.push({ file: name, passed, failed });
  }
  perFile.sort((a, b) => a.file.localeCompare(b.file));
  const passed = perFile.reduce((n, f) => n + f.passed, 0);
  const total = perFile.reduce((n, f) => n + f.passed + f.failed, 0);
  const deliberate = failures.filter((f) => f.key !== undefined && !f.key.startsWith('open-')).length;
  const byKey = {};
  for (const f of failures) if (f.key !== undefined) byKey[f.key] = (byKey[f.key] ?? 0) + 1;
  return {
    perFile,
    passed,
    total,
    rate: total === 0 ? 0 : passed / total,
    deliberate,
    byKey,
    reasons,
    failures,
    unexpected,
  };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'promkit-prom-client-suite-'));
  try {
    let gitDir;
    try {
      gitDir = gitDirFor(args.git, scratch);
      writeSuite(gitDir, scratch, args.baseline);
    } catch (error) {
      console.error(`cannot read prom-client ${TAG} tests from ${args.git}: ${error.message}`);
      return 2;
    }
    const summary = summarise(runJest(scratch));
    for (const f of summary.perFile) console.log(`${f.file.padEnd(28)} ${f.passed}/${f.passed + f.failed}`);
    const percent = (n, d) => `${((100 * n) / d).toFixed(1)} %`;
    const subject = args.baseline ? 'prom-client itself' : 'promkit';
    console.log(
      `prom-client ${TAG} core tests on ${subject}: ${summary.passed}/${summary.total} pass (${percent(summary.passed, summary.total)})`,
    );
    if (!args.baseline) {
      const judged = summary.total - summary.deliberate;
      console.log(
        `leaving out the ${summary.deliberate} that test a deliberate difference: ${summary.passed}/${judged} (${percent(summary.passed, judged)})`,
      );
      for (const [key, count] of Object.entries(summary.byKey)) {
        console.log(`  ${String(count).padStart(3)}  ${key}: ${summary.reasons[key]}`);
      }
    }
    for (const u of summary.unexpected) console.log(`\nUNEXPECTED ${u.file}: ${u.title}\n${u.message}`);
    if (args.json) fs.writeFileSync(args.json, JSON.stringify(summary, null, 2));
    return summary.unexpected.length === 0 ? 0 : 1;
  } finally {
    if (!process.env.KEEP_SCRATCH) fs.rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = main();
