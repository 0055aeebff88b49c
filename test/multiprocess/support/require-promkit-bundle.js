// Preload (`node -r`): `require('promkit')` loads the bundle PROMKIT_BUNDLE names,
// as an installed package would resolve. Cluster workers inherit the preload.
const Module = require('node:module');

const bundle = process.env.PROMKIT_BUNDLE;
if (!bundle) throw new Error('PROMKIT_BUNDLE is not set');
const resolve = Module._resolveFilename;
Module._resolveFilename = function resolvePromkit(request, ...rest) {
  return resolve.call(this, request === 'promkit' ? bundle : request, ...rest);
};
