// Bundles the JavaScript tsc emitted (dist/modules, ES modules, decorator
// metadata included) into the CommonJS build, at the paths tsc would have
// written, so the declarations beside them and package.json `exports` stay as
// they are.
//
// The engine (model, exposition, core, decorators: ENGINE_LAYERS) is one
// file, dist/cjs/engine.js; every other layer, entry point and command is a
// bundle of its own files that requires the engine and the other layers from
// their one file. So every entry point shares one copy of each layer: one
// Registry class, one global registry. The root requires the engine when it
// loads; each other layer it exports from (LAZY_LAYERS) is required the first
// time one of its exports is used, through the stand-ins of
// lib/entries/lazy-export.ts. That is what keeps `require('promkit')` cheap:
// bench/cold-start.bench.ts measures it.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const ROOT = path.join(__dirname, '..');
const MODULES = path.join(ROOT, 'dist', 'modules');
const CJS = path.join(ROOT, 'dist', 'cjs');

/**
 * Layers bundled together into ENGINE: what the root needs when it loads. One
 * file rather than one per layer: a require of it took 40 % less CPU than of
 * the four, their references to each other direct, not through exports objects.
 */
const ENGINE_LAYERS = ['model', 'exposition', 'core', 'decorators'];
const ENGINE = 'engine.js';

/** Layers the root loads on first use of one of their exports. */
const LAZY_LAYERS = ['collectors', 'http-metrics', 'export', 'multiprocess'];

/** The commands of package.json `bin`, each bundled on its own. */
const COMMANDS = ['multiprocess/cli.js', 'export/json-exporter/cli.js'];

/** The layer whose index.js `file` is (relative to dist/modules), if it is one. */
function layerOf(file) {
  return file.endsWith('/index.js') && !file.slice(0, -'/index.js'.length).includes('/')
    ? file.slice(0, -'/index.js'.length)
    : undefined;
}

/**
 * The engine, every other layer's index.js, the entry points of package.json
 * `exports`, the commands; relative to dist/modules.
 */
function entryFiles() {
  const layers = fs
    .readdirSync(MODULES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(MODULES, entry.name, 'index.js')))
    .filter((entry) => !ENGINE_LAYERS.includes(entry.name))
    .map((entry) => `${entry.name}/index.js`);
  const pkg = require(path.join(ROOT, 'package.json'));
  const exported = Object.values(pkg.exports)
    .filter((conditions) => typeof conditions === 'object')
    .map((conditions) =>
      path.relative(CJS, path.join(ROOT, conditions.require.default)).split(path.sep).join('/'),
    );
  return [...new Set([ENGINE, ...layers, ...exported, ...COMMANDS])];
}

/** The `require` specifier, from bundle `from`'s folder, of bundle `to` (both relative to dist/cjs). */
function specifier(from, to) {
  const relative = path.posix.relative(path.posix.dirname(from), to);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** The module a relative import names, as tsc's output holds it: `../core` is `core/index.js`. */
function resolveModule(importer, request) {
  const base = path.resolve(path.dirname(importer), request);
  for (const candidate of [base, `${base}.js`, path.join(base, 'index.js')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
      return path.relative(MODULES, candidate).split(path.sep).join('/');
    }
  }
  return undefined;
}

/** Whether `value` is a function with nothing but a name and a length to stand in for (not a class, not async). */
function isPlainFunction(value) {
  return (
    Object.getPrototypeOf(value) === Function.prototype &&
    !Function.prototype.toString.call(value).startsWith('class') &&
    Reflect.ownKeys(value).every((key) => ['length', 'name', 'prototype'].includes(key))
  );
}

/** The stand-in of export `name` of a lazy layer, `value` being the real one; undefined for a constant. */
function standInOf(name, value) {
  const real = `() => layer().${name}`;
  if (typeof value === 'function') {
    return isPlainFunction(value)
      ? `lazyFunction('${name}', ${value.length}, ${real})`
      : `lazyClass('${name}', ${real})`;
  }
  return typeof value === 'object' && value !== null ? `lazyObject(${real})` : undefined;
}

/**
 * The root's stand-in for a lazy layer: a module with the layer's functions,
 * classes and objects (read from its bundle, built first), each a stand-in
 * that requires the bundle on first use. esbuild drops those the root does not
 * re-export. A constant cannot stand in for itself: should the root re-export
 * one, esbuild fails the build with "No matching export".
 */
function lazyLayerSource(layer) {
  const bundle = `${layer}/index.js`;
  const exports = require(path.join(CJS, bundle));
  const helper = JSON.stringify(path.join(MODULES, 'entries', 'lazy-export.js'));
  const load = JSON.stringify(specifier('index.js', bundle));
  const lines = [
    `import { lazyClass, lazyFunction, lazyObject } from ${helper};`,
    `const layer = () => require(${load});`,
  ];
  for (const [name, value] of Object.entries(exports)) {
    const standIn = name === '__esModule' ? undefined : standInOf(name, value);
    if (standIn !== undefined) lines.push(`export const ${name} = /* @__PURE__ */ ${standIn};`);
  }
  return lines.join('\n');
}

/** The engine's entry: each engine layer's exports under the layer's name. */
function engineSource() {
  return ENGINE_LAYERS.map(
    (layer) => `export * as ${layer} from ${JSON.stringify(path.join(MODULES, layer, 'index.js'))};`,
  ).join('\n');
}

/**
 * Keeps other bundles out of `entry`'s bundle, required from their own file:
 * an engine layer is its part of the engine, and in the root a lazy layer is
 * its stand-ins.
 */
function layerBoundaries(entry, entries) {
  return {
    name: 'layer-boundaries',
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        if (args.namespace !== 'file') return { path: args.path, external: true };
        const target = resolveModule(args.importer, args.path);
        if (target === undefined || target === entry) return undefined;
        const layer = layerOf(target);
        if (ENGINE_LAYERS.includes(layer)) {
          return entry === ENGINE ? undefined : { path: layer, namespace: 'engine-layer' };
        }
        if (!entries.includes(target)) return undefined;
        if (entry === 'index.js' && LAZY_LAYERS.includes(layer))
          return { path: layer, namespace: 'lazy-layer' };
        return { path: specifier(entry, target), external: true };
      });
      build.onLoad({ filter: /.*/, namespace: 'engine-layer' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(specifier(entry, ENGINE))}).${args.path};`,
        loader: 'js',
      }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-layer' }, (args) => ({
        contents: lazyLayerSource(args.path),
        resolveDir: MODULES,
      }));
    },
  };
}

async function bundle(entry, entries) {
  const input =
    entry === ENGINE
      ? { stdin: { contents: engineSource(), resolveDir: MODULES, sourcefile: ENGINE } }
      : { entryPoints: [path.join(MODULES, entry)] };
  await esbuild.build({
    ...input,
    outfile: path.join(CJS, entry),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    // What Node.js compiles when the package loads is the source text, kept in the heap: whitespace and
    // syntax minified take a quarter off both, with every identifier, class and function name kept.
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [layerBoundaries(entry, entries)],
    logLevel: 'error',
    // tsc's decorator helpers test `this &&` at the top of a module: undefined there in a bundle, as intended.
    logOverride: { 'this-is-undefined-in-esm': 'silent' },
  });
}

async function main() {
  const entries = entryFiles();
  // The engine first, which the others require; the root last: its stand-ins list the exports of the layer bundles.
  await bundle(ENGINE, entries);
  const others = entries.filter((entry) => entry !== ENGINE && entry !== 'index.js');
  await Promise.all(others.map((entry) => bundle(entry, entries)));
  await bundle('index.js', entries);
  fs.rmSync(MODULES, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
