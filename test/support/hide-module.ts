/**
 * Preload (`node -r ts-node/register/transpile-only -r <this file>`) that makes
 * the modules named in HIDE_MODULES (comma-separated) unresolvable, exactly as
 * if they were not installed, and counts the attempts to load them in
 * `globalThis.hiddenModuleLookups`.
 */
import Module = require('node:module');

const hidden = new Set((process.env.HIDE_MODULES ?? '').split(',').filter(Boolean));
const counts: Record<string, number> = {};
(globalThis as { hiddenModuleLookups?: Record<string, number> }).hiddenModuleLookups = counts;

type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const resolve = loader._resolveFilename;
loader._resolveFilename = function resolveUnlessHidden(this: unknown, request: string, ...rest: unknown[]) {
  if (hidden.has(request)) {
    counts[request] = (counts[request] ?? 0) + 1;
    throw Object.assign(new Error(`Cannot find module '${request}'`), { code: 'MODULE_NOT_FOUND' });
  }
  return resolve.call(this, request, ...rest);
};
