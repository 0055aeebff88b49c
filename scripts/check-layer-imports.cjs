#!/usr/bin/env node
'use strict';
// promkit's layers (docs/architecture.md) import each other only through a
// layer's index: `lib/nest` may import `../core`, never `../core/registry`,
// so what a layer offers the others is one list, and moving a file inside a
// layer moves no import elsewhere. The entry points (lib/index.ts,
// lib/entries/) import layers the same way. Also checks that the arrows
// between layers are the ones docs/architecture.md draws, and that no files
// of lib/ or bench/ import each other in a circle, not even through types.
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

/** The source file `specifier` names from `file`, or undefined when it is no .ts file of the tree. */
function importedSource(file, specifier) {
  const target = path.resolve(path.dirname(file), specifier);
  return [target, `${target}.ts`, path.join(target, 'index.ts')].find(
    (candidate) => candidate.endsWith('.ts') && fs.existsSync(candidate),
  );
}

/**
 * The import circles among the sources under `folders`: each a list of the
 * files (relative to `root`) that reach each other through their imports,
 * type-only imports and re-exports included. Tarjan's strongly connected
 * components, each circle's files sorted.
 */
function importCircles(root = path.resolve(__dirname, '..'), folders = ['lib', 'bench']) {
  const files = folders.flatMap((folder) => sourceFiles(path.join(root, folder)));
  const imports = new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
      const targets = importedFiles
        .filter(({ fileName }) => fileName.startsWith('.'))
        .map(({ fileName }) => importedSource(file, fileName))
        .filter((target) => target !== undefined);
      return [file, [...new Set(targets)]];
    }),
  );
  const circles = [];
  const index = new Map();
  const lowest = new Map();
  const stack = [];
  const onStack = new Set();
  const visit = (file) => {
    index.set(file, index.size);
    lowest.set(file, index.get(file));
    stack.push(file);
    onStack.add(file);
    for (const target of imports.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        lowest.set(file, Math.min(lowest.get(file), lowest.get(target)));
      } else if (onStack.has(target)) {
        lowest.set(file, Math.min(lowest.get(file), index.get(target)));
      }
    }
    if (lowest.get(file) !== index.get(file)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (imports.get(file) ?? []).includes(file)) {
      circles.push(component.map((f) => path.relative(root, f).split(path.sep).join('/')).sort());
    }
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return circles;
}

module.exports = { importCircles, layerImportProblems };

if (require.main === module) {
  const problems = layerImportProblems(process.argv[2] && path.resolve(process.argv[2]));
  for (const problem of problems) console.error(problem);
  console.log(`layer imports: ${problems.length} problems`);
  const circles = importCircles();
  for (const circle of circles) console.error(`import circle: ${circle.join(', ')}`);
  console.log(`import circles: ${circles.length}`);
  process.exitCode = problems.length + circles.length > 0 ? 1 : 0;
}
