#!/usr/bin/env node
// `npm test`: the whole suite in two lanes that run side by side.
//  - checks: the TypeScript type-check, once for the project and once for the
//    TC39 decorator tests (Jest only transpiles), then the in-process suites on
//    every core.
//  - processes: the suites that start other processes (jest.config.js lists
//    them). They mostly wait on their children, so they overlap the CPU-bound
//    lane with a bounded worker count (PROMKIT_TEST_PROCESS_WORKERS).
// Arguments go to both Jest runs (`npm test -- test/e2e` runs what matches).
// One lane's output is shown live; the other's is held back until the first is done,
// so the reports of two files never interleave. Exits non-zero if any step failed.
const { spawn } = require('node:child_process');
const { availableParallelism } = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const JEST = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const TYPE_CHECKS = ['tsconfig.json', 'test/decorators/tc39/tsconfig.json'];
const PROCESS_WORKERS = process.env.PROMKIT_TEST_PROCESS_WORKERS ?? '3';
const args = process.argv.slice(2);

const children = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
    process.exit(130);
  });
}

/** Runs node with `nodeArgs`, writing its output through `out`; resolves with its output and exit code. */
function run(nodeArgs, out) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    const take = (chunk) => {
      output += chunk;
      out(chunk);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code: code ?? (signal ? 1 : 0), output });
    });
  });
}

/** Output that is held back until `release()`, then written as it comes. */
function heldBack() {
  let held = [];
  const out = (chunk) => (held ? held.push(chunk) : process.stderr.write(chunk));
  const release = () => {
    for (const chunk of held) process.stderr.write(chunk);
    held = null;
  };
  return { out, release };
}

const live = (chunk) => process.stderr.write(chunk);
const jestArgs = (projects, workers) => [
  JEST,
  '--selectProjects',
  ...projects,
  `--maxWorkers=${workers}`,
  '--passWithNoTests',
  ...args,
];

async function checksLane() {
  const steps = [];
  for (const tsconfig of TYPE_CHECKS) {
    process.stderr.write(`type-check: tsc -p ${tsconfig} --noEmit\n`);
    steps.push({ name: `type-check ${tsconfig}`, ...(await run([TSC, '-p', tsconfig, '--noEmit'], live)) });
  }
  const jest = jestArgs(['promkit', 'decorators-tc39'], availableParallelism());
  steps.push({ name: 'in-process suites', ...(await run(jest, live)) });
  return steps;
}

async function main() {
  const processesOutput = heldBack();
  const processes = run(jestArgs(['processes'], PROCESS_WORKERS), processesOutput.out);
  const checks = await checksLane();
  processesOutput.release();
  const steps = [...checks, { name: 'process-starting suites', ...(await processes) }];

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  process.stderr.write('\n');
  for (const step of steps) {
    const tests = /^Tests:\s+(.*)$/m.exec(step.output);
    if (tests) {
      passed += Number(/(\d+) passed/.exec(tests[1])?.[1] ?? 0);
      failed += Number(/(\d+) failed/.exec(tests[1])?.[1] ?? 0);
      skipped += Number(/(\d+) skipped/.exec(tests[1])?.[1] ?? 0);
    }
    const outcome = step.code === 0 ? 'ok' : `FAILED (exit ${step.code})`;
    process.stderr.write(`${step.name}: ${outcome}${tests ? `; tests: ${tests[1]}` : ''}\n`);
  }
  // One line for the whole run, in the form any reader of test output counts.
  process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  process.exitCode = steps.every((step) => step.code === 0) ? 0 : 1;
}

main();
