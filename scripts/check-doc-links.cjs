#!/usr/bin/env node
'use strict';
// Checks that every relative link in README.md and docs/*.md reaches a file that
// exists and, with an anchor, a heading of that file.
//   node scripts/check-doc-links.cjs [file.md ...]

const fs = require('node:fs');
const path = require('node:path');
const { anchors, links } = require('./markdown.cjs');

const ROOT = path.resolve(__dirname, '..');

function docFiles() {
  const docs = path.join(ROOT, 'docs');
  return [
    path.join(ROOT, 'README.md'),
    ...fs
      .readdirSync(docs)
      .filter((name) => name.endsWith('.md'))
      .sort()
      .map((name) => path.join(docs, name)),
  ];
}

/** Each broken link as "file:line: why". */
function brokenLinks(files) {
  const anchorsOf = new Map();
  const anchorsIn = (file) => {
    if (!anchorsOf.has(file)) anchorsOf.set(file, anchors(fs.readFileSync(file, 'utf8')));
    return anchorsOf.get(file);
  };
  const problems = [];
  for (const file of files) {
    const where = path.relative(ROOT, file);
    for (const { line, target } of links(fs.readFileSync(file, 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: ...
      const [pathPart, anchor] = target.split('#', 2);
      const destination = pathPart === '' ? file : path.resolve(path.dirname(file), decodeURI(pathPart));
      if (!fs.existsSync(destination)) {
        problems.push(`${where}:${line}: ${target}: no file ${path.relative(ROOT, destination)}`);
        continue;
      }
      if (anchor === undefined) continue;
      if (!destination.endsWith('.md')) {
        problems.push(`${where}:${line}: ${target}: an anchor into a file that is not Markdown`);
      } else if (!anchorsIn(destination).has(anchor)) {
        problems.push(
          `${where}:${line}: ${target}: no heading #${anchor} in ${path.relative(ROOT, destination)}`,
        );
      }
    }
  }
  return problems;
}

module.exports = { brokenLinks, docFiles };

if (require.main === module) {
  const args = process.argv.slice(2);
  const files = args.length > 0 ? args.map((file) => path.resolve(file)) : docFiles();
  const problems = brokenLinks(files);
  for (const problem of problems) console.error(problem);
  console.log(`doc links: ${files.length} files, ${problems.length} broken`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
