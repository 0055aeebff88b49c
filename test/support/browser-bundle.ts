import { builtinModules } from 'node:module';
import { join } from 'node:path';
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

/** promkit's root entry bundled by esbuild for the browser, as one script that sets `globalThis.promkit`. */
export async function bundleRootForBrowser(): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, 'lib', 'index.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'promkit',
    write: false,
    logLevel: 'silent',
    tsconfig: join(ROOT, 'tsconfig.json'),
    plugins: [builtinsThrowWhenLoaded],
  });
  return result.outputFiles[0].text;
}

/**
 * Runs a browser bundle in a fresh context with the web platform's globals
 * and the two Node globals Cloudflare's `nodejs_compat` adds (`Buffer`,
 * `process`), but no `require` or `module`.
 */
export function evaluateBundle(code: string): Record<string, any> {
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
    CompressionStream: (globalThis as any).CompressionStream,
    Request,
    Response,
    Headers,
    Buffer,
    process,
  };
  context.globalThis = context;
  runInNewContext(`${code}\nglobalThis.promkit = promkit;`, context);
  return context.promkit as Record<string, any>;
}
