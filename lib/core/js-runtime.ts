/** The JavaScript runtimes promkit tells apart, where what they offer differs. */
export type JsRuntime = 'node' | 'bun' | 'deno' | 'workerd' | 'other';

interface RuntimeGlobals {
  readonly navigator?: { readonly userAgent?: string };
  readonly process?: { readonly versions?: Readonly<Record<string, string | undefined>> };
}

/**
 * The runtime this code runs on. Bun, Deno and Workers (with `nodejs_compat`)
 * all claim a Node.js version in `process.versions`, so they are recognised
 * first, by what only they set.
 */
export function currentRuntime(): JsRuntime {
  const global = globalThis as RuntimeGlobals;
  if (global.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  const versions = global.process?.versions;
  if (versions?.bun !== undefined) return 'bun';
  if (versions?.deno !== undefined) return 'deno';
  if (versions?.node !== undefined) return 'node';
  return 'other';
}

/** How a runtime is named in messages. */
export const RUNTIME_NAMES: Readonly<Record<JsRuntime, string>> = {
  node: 'Node.js',
  bun: 'Bun',
  deno: 'Deno',
  workerd: 'Cloudflare Workers',
  other: 'this runtime',
};
