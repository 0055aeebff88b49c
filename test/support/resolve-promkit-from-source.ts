/**
 * Preload (`node -r ts-node/register/transpile-only -r <this file>`) that
 * makes `promkit` and its subpaths resolve to the TypeScript sources in
 * lib/, as jest's moduleNameMapper does in-process, so a child process can
 * run the sample app without a build. ts-node does not apply tsconfig paths
 * at run time, hence this hook.
 */
import Module = require('node:module');

import { join } from 'node:path';

const LIB = join(__dirname, '..', '..', 'lib');
const ALIASES: Record<string, string> = {
  promkit: LIB,
  'promkit/exposition': join(LIB, 'entries', 'exposition'),
  'promkit/multiprocess': join(LIB, 'multiprocess'),
  'promkit/nest': join(LIB, 'nest'),
};

type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const resolve = loader._resolveFilename;
loader._resolveFilename = function resolvePromkit(this: unknown, request: string, ...rest: unknown[]) {
  return resolve.call(this, ALIASES[request] ?? request, ...rest);
};
