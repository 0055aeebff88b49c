// Writes ESM entry points that re-export the CommonJS build, so `import` and
// `require` share one module instance (one default registry, one set of
// decorator metadata) instead of loading two copies of promkit. Each entry
// gets a `.d.mts` beside it: TypeScript under node16/nodenext then sees an ES
// module where Node loads one, rather than CommonJS types for an ES module.
//
// An entry imports its CommonJS build through a `.cjs` door of two lines. Node.js
// scans a CommonJS module an ES module imports for its export names, and
// scanning a bundle took longer than loading it (the root's 9 KB cost an
// import 4 ms of CPU); the door's assignment is one the scanner does not
// follow, and the entry lists the names itself.
const fs = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist');
const entries = [
  { cjs: 'cjs/index.js', esm: 'esm/index.mjs' },
  { cjs: 'cjs/entries/exposition.js', esm: 'esm/entries/exposition.mjs' },
  { cjs: 'cjs/multiprocess/index.js', esm: 'esm/multiprocess/index.mjs' },
  { cjs: 'cjs/nest/index.js', esm: 'esm/nest/index.mjs' },
  { cjs: 'cjs/testing/index.js', esm: 'esm/testing/index.mjs' },
  { cjs: 'cjs/testing/jest.js', esm: 'esm/testing/jest.mjs' },
];

for (const entry of entries) {
  const cjsFile = path.join(dist, entry.cjs);
  if (!fs.existsSync(cjsFile)) continue;
  const names = Object.keys(require(cjsFile)).filter((n) => n !== 'default' && n !== '__esModule');
  const esmFile = path.join(dist, entry.esm);
  const door = esmFile.replace(/\.mjs$/, '.cjs');
  const relative = path.relative(path.dirname(esmFile), cjsFile).split(path.sep).join('/');
  const source = [
    `import cjs from './${path.basename(door)}';`,
    `export const { ${names.join(', ')} } = cjs;`,
    'export default cjs;',
    '',
  ].join('\n');
  const types = [
    `export * from '${relative}';`,
    `declare const cjs: typeof import('${relative}');`,
    'export default cjs;',
    '',
  ].join('\n');
  fs.mkdirSync(path.dirname(esmFile), { recursive: true });
  fs.writeFileSync(esmFile, source);
  fs.writeFileSync(door, `const entry = require('${relative}');\nmodule.exports = entry;\n`);
  fs.writeFileSync(esmFile.replace(/\.mjs$/, '.d.mts'), types);
}
