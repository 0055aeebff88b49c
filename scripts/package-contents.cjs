// What promkit's tarball must hold, and may hold: checked before every pack
// and release (scripts/pack.cjs) and by the package tests.
//
//   contentProblems(pkg, files, readFile) -> string[]
//
// pkg is package.json, files the paths npm packs (`npm pack --dry-run --json`,
// relative to the package root), readFile(path) reads a packed file's text.
// An empty list means the tarball is complete and holds nothing unintended.

/** Files outside dist/ and bin/ that belong in the package. */
const DOCUMENTS = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];

/**
 * The build: CommonJS with its declarations, ES module entry points with
 * theirs and the `.cjs` doors they import the CommonJS build through, the
 * commands. No TypeScript sources, tests or source maps (the build writes
 * none; one appearing means the build or `files` changed by mistake).
 */
const BUILD = [/^dist\/cjs\/.+\.(js|d\.ts)$/, /^dist\/esm\/.+\.(mjs|cjs|d\.mts)$/, /^bin\/[^/]+\.js$/];
const NEVER = /(^|\/)(test|tests|__tests__)\/|\.(test|spec)\.|\.map$/;

/** Every string in an `exports` value (conditions nest). */
function exportTargets(value) {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(exportTargets);
}

/** `./dist/x.js` -> `dist/x.js`; a path relative to a sub-folder's package.json -> from the root. */
function normalise(target, from = '') {
  const parts = [];
  for (const part of `${from}${target}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/**
 * Sub-folders with their own package.json (`nest/package.json`): they point
 * TypeScript's node10 resolution, which ignores `exports`, at the build.
 */
function subpathStubs(pkg) {
  return Object.keys(pkg.exports ?? {})
    .filter((key) => key !== '.' && !key.endsWith('.json'))
    .map((key) => `${normalise(key)}/package.json`);
}

function contentProblems(pkg, files, readFile) {
  const packed = new Set(files);
  const problems = [];
  const requireFile = (file, what) => {
    if (!packed.has(file)) problems.push(`${what} ${file} is not in the package`);
  };

  for (const target of exportTargets(pkg.exports)) requireFile(normalise(target), 'exports target');
  if (pkg.main) requireFile(normalise(pkg.main), '"main"');
  if (pkg.types) requireFile(normalise(pkg.types), '"types"');
  for (const [name, target] of Object.entries(pkg.bin ?? {})) requireFile(normalise(target), `bin "${name}"`);
  for (const file of DOCUMENTS) requireFile(file, 'document');

  const stubs = subpathStubs(pkg);
  for (const stub of stubs) {
    requireFile(stub, 'node10 entry');
    if (!packed.has(stub)) continue;
    const folder = stub.slice(0, -'package.json'.length);
    const stubPkg = JSON.parse(readFile(stub));
    for (const field of ['main', 'types']) {
      if (stubPkg[field]) requireFile(normalise(stubPkg[field], folder), `${stub} "${field}"`);
      else problems.push(`${stub} has no "${field}"`);
    }
  }

  for (const file of files) {
    if (NEVER.test(file)) problems.push(`${file} is a test or source map and must not be packed`);
    else if (!DOCUMENTS.includes(file) && !stubs.includes(file) && !BUILD.some((re) => re.test(file))) {
      problems.push(`${file} is not part of the build or the documents and must not be packed`);
    }
  }
  return problems;
}

module.exports = { contentProblems };
