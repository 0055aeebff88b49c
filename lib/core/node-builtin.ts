/**
 * Node.js built-in modules, loaded when first needed rather than imported at
 * the top of a module: promkit's entry then loads in runtimes without them
 * (Cloudflare Workers, browsers, bundles for either), and only the features
 * that need one fail, at their call.
 *
 * The name is passed through a variable on purpose: bundlers leave such a
 * `require` alone instead of failing to resolve the module for the browser,
 * and in a bundle without `require` the call throws, which is caught here.
 */
export function optionalNodeBuiltin<T>(name: string): T | undefined {
  try {
    return require(name) as T;
  } catch {
    return undefined;
  }
}

/** Thrown by a feature called in a runtime that lacks the Node.js module it needs. */
export class RuntimeUnsupportedError extends Error {
  override readonly name = 'RuntimeUnsupportedError';
}

/** A Node.js built-in that `feature` cannot work without; a clear error when this runtime has none. */
export function nodeBuiltin<T>(name: string, feature: string): T {
  const loaded = optionalNodeBuiltin<T>(name);
  if (loaded === undefined) {
    throw new RuntimeUnsupportedError(
      `promkit: ${feature} needs the Node.js module ${name}, which this runtime does not provide ` +
        '(it works on Node.js, Bun and Deno; see docs/runtimes.md)',
    );
  }
  return loaded;
}
