#!/usr/bin/env node
'use strict';
// What each of promkit's entry points exports, as a user of the built package
// sees it (run `npm run build` first): every name its type declarations export,
// read with the TypeScript compiler; which of them exist at run time (the keys
// of the CommonJS module); and which have no TSDoc comment.
//   node scripts/public-surface.cjs            counts per entry point
//   node scripts/public-surface.cjs --names    and every name
//   node scripts/public-surface.cjs --json     the lists, as JSON
const path = require('node:path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');

/**
 * Each entry point of package.json `exports`, from its CommonJS condition:
 * `{ name: 'promkit/nest', report: 'promkit-nest', declarations, javascript }`.
 */
function entryPoints() {
  const pkg = require(path.join(ROOT, 'package.json'));
  return Object.entries(pkg.exports)
    .filter(([subpath]) => !subpath.endsWith('.json'))
    .map(([subpath, conditions]) => {
      const name = path.posix.join(pkg.name, subpath);
      return {
        name,
        report: name.replaceAll('/', '-'),
        declarations: path.join(ROOT, conditions.require.types),
        javascript: path.join(ROOT, conditions.require.default),
      };
    });
}

/** Whether one of a symbol's declarations carries a TSDoc comment. */
function isDocumented(symbol) {
  return (symbol.declarations ?? []).some((declaration) =>
    ts.getJSDocCommentsAndTags(declaration).some((doc) => ts.isJSDoc(doc)),
  );
}

/**
 * The names each entry point exports:
 * `{ [name]: { runtime: string[], typeOnly: string[], undocumented: string[] } }`.
 */
function publicSurface(entries = entryPoints()) {
  const program = ts.createProgram(
    entries.map((e) => e.declarations),
    { noEmit: true, skipLibCheck: true, types: [] },
  );
  const checker = program.getTypeChecker();
  const surface = {};
  for (const entry of entries) {
    const source = program.getSourceFile(entry.declarations);
    if (!source) throw new Error(`${entry.name}: no ${entry.declarations} (run npm run build)`);
    const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(source));
    const values = new Set(Object.keys(require(entry.javascript)));
    const names = exported.map((s) => s.getName());
    const target = (s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
    surface[entry.name] = {
      runtime: names.filter((n) => values.has(n)).sort(),
      typeOnly: names.filter((n) => !values.has(n)).sort(),
      undocumented: exported
        .filter((s) => !isDocumented(target(s)))
        .map((s) => s.getName())
        .sort(),
    };
  }
  return surface;
}

module.exports = { entryPoints, publicSurface };

if (require.main === module) {
  const surface = publicSurface();
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(surface, null, 2)}\n`);
  } else {
    for (const [entry, { runtime, typeOnly, undocumented }] of Object.entries(surface)) {
      const total = runtime.length + typeOnly.length;
      console.log(
        `${entry}: ${total} exports (${runtime.length} runtime, ${typeOnly.length} type-only), ${undocumented.length} without TSDoc`,
      );
      if (process.argv.includes('--names')) {
        console.log(`  runtime: ${runtime.join(', ')}`);
        console.log(`  type-only: ${typeOnly.join(', ')}`);
        console.log(`  without TSDoc: ${undocumented.join(', ')}`);
      }
    }
  }
}
