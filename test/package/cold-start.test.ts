import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What `require('promkit')` and `import('promkit')` of the build load (`npm
 * run build` first): the engine only (metric types, registry, exposition,
 * decorators), the exporters, HTTP metrics, collectors and multi-process
 * modes when first used, and every entry point sharing one copy of each.
 * Each script runs in a fresh Node.js process started in the repository,
 * where `promkit` names the package's own build.
 */

const ROOT = join(__dirname, '..', '..');

/** The root and the engine's bundle (model, exposition, core, decorators): what loading the root may load. */
const ENGINE = ['dist/cjs/engine.js', 'dist/cjs/index.js'];

/** Prints, as JSON, the files of the build loaded so far (`loaded()`), and whatever the script adds. */
const LOADED = `
const loaded = () => Object.keys(require.cache)
  .filter((file) => file.startsWith(process.cwd() + '/dist/'))
  .map((file) => file.slice(process.cwd().length + 1))
  .sort();
`;

function run(script: string, inputType: 'commonjs' | 'module' = 'commonjs'): unknown {
  const source =
    inputType === 'module'
      ? `import { createRequire } from 'node:module'; const require = createRequire(process.cwd() + '/');${LOADED}${script}`
      : `${LOADED}${script}`;
  const child = spawnSync(process.execPath, ['--input-type', inputType, '-e', source], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (child.status !== 0) throw new Error(`exit ${child.status}: ${child.stderr}`);
  return JSON.parse(child.stdout);
}

beforeAll(() => {
  expect({ built: existsSync(join(ROOT, 'dist', 'cjs', 'index.js')), setup: 'npm run build' }).toEqual({
    built: true,
    setup: 'npm run build',
  });
});

describe('loading the root of the build', () => {
  it('require() loads the engine only', () => {
    const script = `const promkit = require('promkit');
      console.log(JSON.stringify({ loaded: loaded(), exports: Object.keys(promkit).length }));`;
    expect(run(script)).toEqual({ loaded: ENGINE, exports: 70 });
  });

  it('import() loads the engine only, though the ES module entry reads every export', () => {
    const script = `const promkit = await import('promkit');
      console.log(JSON.stringify({ loaded: loaded(), pushgateway: typeof promkit.Pushgateway }));`;
    // The door the ES module entry requires the CommonJS build through (scripts/esm-wrappers.cjs).
    const door = 'dist/esm/index.cjs';
    expect(run(script, 'module')).toEqual({ loaded: [...ENGINE, door].sort(), pushgateway: 'function' });
  });

  it('loads a layer at the first use of one of its exports, into the same global registry', () => {
    const script = `const promkit = require('promkit');
      promkit.collectDefaultMetrics({ prefix: 'cold_' });
      const afterCollectors = loaded();
      const handler = promkit.metricsHandler(promkit.register);
      promkit.register.metrics().then((text) => console.log(JSON.stringify({
        afterCollectors, afterExport: loaded(), handler: typeof handler,
        collected: text.includes('cold_process_cpu_user_seconds_total'),
      })));`;
    expect(run(script)).toEqual({
      afterCollectors: [...ENGINE, 'dist/cjs/collectors/index.js'].sort(),
      afterExport: [...ENGINE, 'dist/cjs/collectors/index.js', 'dist/cjs/export/index.js'].sort(),
      handler: 'function',
      collected: true,
    });
  });
});

describe('the root’s lazily loaded classes', () => {
  it('are the classes of their own entry point for instanceof, subclassing and statics', () => {
    const script = `const promkit = require('promkit');
      const multiprocess = require('promkit/multiprocess');
      class Tagged extends promkit.AggregatorRegistry { tag() { return 'tagged'; } }
      const tagged = new Tagged();
      console.log(JSON.stringify([
        new promkit.AggregatorRegistry() instanceof multiprocess.AggregatorRegistry,
        new multiprocess.AggregatorRegistry() instanceof promkit.AggregatorRegistry,
        tagged.tag(), tagged instanceof multiprocess.AggregatorRegistry, typeof tagged.clusterMetrics,
        promkit.AggregatorRegistry.name, typeof promkit.AggregatorRegistry.setRegistries,
        Object.keys(promkit.aggregators),
        promkit.WorkerRegistry.workerCount(),
      ]));`;
    expect(run(script)).toEqual([
      true,
      true,
      'tagged',
      true,
      'function',
      'AggregatorRegistry',
      'function',
      ['sum', 'first', 'min', 'max', 'average', 'omit'],
      0,
    ]);
  });

  it('keep what a framework reads on a function: Fastify applies the HTTP metrics plugin to the whole app', () => {
    const script = `const promkit = require('promkit');
      const registry = new promkit.Registry();
      const app = require('fastify')();
      app.register(promkit.fastifyHttpMetrics, { registry });
      app.register(async (child) => { child.get('/items/:id', async () => 'ok'); });
      app.ready()
        .then(() => app.inject({ method: 'GET', url: '/items/1' }))
        .then(() => new Promise((settled) => setTimeout(settled, 20)))
        .then(() => registry.getSamples())
        .then((samples) => {
          const counts = samples.filter((s) => s.name === 'http_request_duration_seconds_count');
          console.log(JSON.stringify(counts.map((s) => [s.labels.route, s.value])));
          return app.close();
        });`;
    expect(run(script)).toEqual([['/items/:id', 1]]);
  });

  it('recognise the errors their layer throws', () => {
    const script = `const promkit = await import('promkit');
      const { createServer } = await import('node:http');
      const receiver = createServer((request, response) => request.resume().on('end', () => response.writeHead(400).end('no')));
      await new Promise((listening) => receiver.listen(0, '127.0.0.1', listening));
      let error;
      try {
        await promkit.pushOtlp({ url: 'http://127.0.0.1:' + receiver.address().port + '/v1/metrics', timeoutSeconds: 5 });
      } catch (e) { error = e; }
      receiver.close();
      console.log(JSON.stringify([error instanceof promkit.OtlpPushError || String(error), error.name]));`;
    expect(run(script, 'module')).toEqual([true, 'OtlpPushError']);
  });
});
