#!/usr/bin/env node
'use strict';
// promkit's layers (docs/architecture.md) import each other only through a
// layer's index: `lib/nest` may import `../core`, never `../core/registry`,
// so what a layer offers the others is one list, and moving a file inside a
// layer moves no import elsewhere. The entry points (lib/index.ts,
// lib/entries/) import layers the same way. Also checks that the arrows
// between layers are the ones docs/architecture.md draws.
//   node scripts/check-layer-imports.cjs [lib folder]
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

/** What each layer may import (docs/architecture.md, "Layers"). */
const ARROWS = {
  model: [],
  exposition: ['model'],
  core: ['model', 'exposition'],
  decorators: ['core'],
  'http-metrics': ['core'],
  collectors: ['model', 'core'],
  testing: ['model', 'exposition', 'core'],
  export: ['model', 'exposition', 'core', 'collectors'],
  multiprocess: ['model', 'exposition', 'core', 'export'],
  nest: ['core', 'decorators', 'collectors', 'http-metrics', 'export'],
};

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Problems with the imports of the sources under `lib`: one line each, naming the file and the import. */
function layerImportProblems(lib = path.resolve(__dirname, '..', 'lib')) {
  const problems = [];
  for (const file of sourceFiles(lib)) {
    const [first, ...inside] = path.relative(lib, file).split(path.sep);
    const layer = inside.length > 0 && first !== 'entries' ? first : undefined;
    const text = fs.readFileSync(file, 'utf8');
    for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
      if (!specifier.startsWith('.')) continue;
      const [target, ...past] = path
        .relative(lib, path.resolve(path.dirname(file), specifier))
        .split(path.sep);
      if (target === layer || target.startsWith('..')) continue;
      const where = `${path.relative(lib, file).split(path.sep).join('/')}: '${specifier}'`;
      if (past.length > 0) problems.push(`${where} reaches into ${target}/ past its index.ts`);
      if (layer && ARROWS[layer] && !ARROWS[layer].includes(target)) {
        problems.push(`${where}: ${layer} does not import ${target}`);
      }
    }
  }
  return problems;
}

module.exports = { layerImportProblems };

if (require.main === module) {
  const problems = layerImportProblems(process.argv[2] && path.resolve(process.argv[2]));
  for (const problem of problems) console.error(problem);
  console.log(`layer imports: ${problems.length} problems`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
