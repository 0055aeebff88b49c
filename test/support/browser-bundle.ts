import { Blob } from 'node:buffer';
import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { CompressionStream } from 'node:stream/web';
import { runInNewContext } from 'node:vm';
import { build, type Plugin } from 'esbuild';

const ROOT = join(__dirname, '..', '..');

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/**
 * Each Node built-in a bundle reaches becomes a module that throws when it is
 * evaluated: imported at the top of a module, it fails the bundle's import;
 * required inside a function (promkit's lazy boundary), it fails only that call.
 */
const builtinsThrowWhenLoaded: Plugin = {
  name: 'node-builtins-throw-when-loaded',
  setup(build) {
    build.onResolve({ filter: /^[a-z0-9_:/]+$/ }, (args) =>
      builtins.has(args.path) ? { path: args.path, namespace: 'node-builtin' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
      contents: `module.exports = {}; throw new Error(${JSON.stringify(`Node built-in ${args.path} loaded`)});`,
      loader: 'js',
    }));
  },
};

/** The ESM build's entry, as `import 'promkit'` finds it (run `npm run build` first). */
function builtEsmEntry(): string {
  const entry = join(ROOT, 'dist', 'esm', 'index.mjs');
  if (!existsSync(entry)) throw new Error('promkit is not built: run npm run build');
  return entry;
}

/** promkit's root entry (the ESM build) bundled by esbuild for the browser, as one script that sets `globalThis.promkit`. */
export async function bundleRootForBrowser(): Promise<string> {
  const result = await build({
    entryPoints: [builtEsmEntry()],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'promkit',
    write: false,
    logLevel: 'silent',
    plugins: [builtinsThrowWhenLoaded],
  });
  return result.outputFiles[0].text;
}

export interface BundleRealm {
  /** The bundle's exports. */
  readonly promkit: Record<string, any>;
  /** `fields` as a plain object of the bundle's realm, as its option checks expect one. */
  readonly options: (fields: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * A Worker script bundled as Cloudflare's tools bundle one: esbuild, ES
 * module output, `promkit` resolved to the ESM build through the package's
 * own exports (run `npm run build` first).
 */
export async function bundleWorker(entry: string): Promise<string> {
  builtEsmEntry();
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    conditions: ['workerd', 'worker', 'browser'],
    alias: { promkit: ROOT },
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/**
 * Runs a browser bundle in a fresh context with the web platform's globals
 * and the two Node globals Cloudflare's `nodejs_compat` adds (`Buffer`,
 * `process`), but no `require` or `module`.
 */
export function evaluateBundle(code: string): BundleRealm {
  const context: Record<string, unknown> = {
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    performance,
    TextEncoder,
    TextDecoder,
    URL,
    URLSearchParams,
    crypto: globalThis.crypto,
    // From their modules: Jest's environment does not copy these globals.
    CompressionStream,
    Blob,
    Request,
    Response,
    Headers,
    Buffer,
    process,
  };
  context.globalThis = context;
  runInNewContext(`${code}\nglobalThis.promkit = promkit;`, context);
  const RealmObject = runInNewContext('Object', context) as ObjectConstructor;
  return {
    promkit: context.promkit as Record<string, any>,
    options: (fields) => RealmObject.assign(new RealmObject(), fields),
  };
}
