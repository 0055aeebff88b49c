/**
 * Node.js built-in modules, loaded when first needed rather than imported at
 * the top of a module: promkit's entry then loads in runtimes without them
 * (Cloudflare Workers, browsers, bundles for either), and only the features
 * that need one fail, at their call.
 *
 * Each module has a loader of its own that names it literally inside a
 * `try`: bundlers then resolve it where the target has it (Node.js) and,
 * where it does not, leave it out without failing the build (esbuild and
 * webpack both let a `require` in a `try` go unresolved). In a bundle without
 * `require` the call throws, which the `try` turns into "not here".
 */
interface NodeBuiltins {
  /** `require` gives the cluster object itself, typed as the module's default export. */
  'node:cluster': import('node:cluster').Cluster;
  'node:crypto': typeof import('node:crypto');
  'node:diagnostics_channel': typeof import('node:diagnostics_channel');
  'node:fs': typeof import('node:fs');
  'node:fs/promises': typeof import('node:fs/promises');
  'node:http': typeof import('node:http');
  'node:https': typeof import('node:https');
  'node:net': typeof import('node:net');
  'node:os': typeof import('node:os');
  'node:path': typeof import('node:path');
  'node:perf_hooks': typeof import('node:perf_hooks');
  'node:string_decoder': typeof import('node:string_decoder');
  'node:timers': typeof import('node:timers');
  'node:v8': typeof import('node:v8');
  'node:worker_threads': typeof import('node:worker_threads');
  'node:zlib': typeof import('node:zlib');
  /** Bare names: an app's tests replace these with `jest.mock('http')`, which jest 29 does not apply to `node:http`. */
  http: typeof import('http');
  https: typeof import('https');
}

type Loaders = { readonly [Name in keyof NodeBuiltins]: () => NodeBuiltins[Name] | undefined };

// biome-ignore format: one loader a line reads as the list it is
const LOADERS: Loaders = {
  'node:cluster': () => { try { return require('node:cluster'); } catch { return undefined; } },
  'node:crypto': () => { try { return require('node:crypto'); } catch { return undefined; } },
  'node:diagnostics_channel': () => { try { return require('node:diagnostics_channel'); } catch { return undefined; } },
  'node:fs': () => { try { return require('node:fs'); } catch { return undefined; } },
  'node:fs/promises': () => { try { return require('node:fs/promises'); } catch { return undefined; } },
  'node:http': () => { try { return require('node:http'); } catch { return undefined; } },
  'node:https': () => { try { return require('node:https'); } catch { return undefined; } },
  'node:net': () => { try { return require('node:net'); } catch { return undefined; } },
  'node:os': () => { try { return require('node:os'); } catch { return undefined; } },
  'node:path': () => { try { return require('node:path'); } catch { return undefined; } },
  'node:perf_hooks': () => { try { return require('node:perf_hooks'); } catch { return undefined; } },
  'node:string_decoder': () => { try { return require('node:string_decoder'); } catch { return undefined; } },
  'node:timers': () => { try { return require('node:timers'); } catch { return undefined; } },
  'node:v8': () => { try { return require('node:v8'); } catch { return undefined; } },
  'node:worker_threads': () => { try { return require('node:worker_threads'); } catch { return undefined; } },
  'node:zlib': () => { try { return require('node:zlib'); } catch { return undefined; } },
  // biome-ignore lint/style/useNodejsImportProtocol: see NodeBuiltins.http
  http: () => { try { return require('http'); } catch { return undefined; } },
  // biome-ignore lint/style/useNodejsImportProtocol: see NodeBuiltins.http
  https: () => { try { return require('https'); } catch { return undefined; } },
};

/** The built-in `name`, or undefined where this runtime has none. */
export function optionalNodeBuiltin<Name extends keyof NodeBuiltins>(
  name: Name,
): NodeBuiltins[Name] | undefined {
  return LOADERS[name]();
}

/** Thrown by a feature called in a runtime that lacks what it needs (a Node.js module, a process to measure). */
export class RuntimeUnsupportedError extends Error {
  override readonly name = 'RuntimeUnsupportedError';
}

/** A Node.js built-in that `feature` cannot work without; a clear error when this runtime has none. */
export function nodeBuiltin<Name extends keyof NodeBuiltins>(
  name: Name,
  feature: string,
): NodeBuiltins[Name] {
  const loaded = optionalNodeBuiltin(name);
  if (loaded === undefined) {
    throw new RuntimeUnsupportedError(
      `promkit: ${feature} needs the Node.js module ${name.startsWith('node:') ? name : `node:${name}`}, ` +
        'which this runtime does not provide (it works on Node.js, Bun and Deno; see docs/runtimes.md)',
    );
  }
  return loaded;
}
