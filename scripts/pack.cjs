#!/usr/bin/env node
// Packs the built package into the tarball users install and the release
// publishes (`npm run pack` builds first):
//
//   node scripts/pack.cjs [--destination <dir>]
//
// Prints the tarball's path. Fails, listing what is wrong, when the files npm
// would pack miss an `exports` target, a `bin` or a document, or hold anything
// else (scripts/package-contents.cjs).
//
// The tarball's package.json has no `scripts`: they work only in a checkout,
// and npm flags `prepare` (the build for `npm install git+…`) in a tarball
// installed from a file or URL as an install script awaiting approval, though
// it never runs there.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { contentProblems } = require('./package-contents.cjs');

const ROOT = path.join(__dirname, '..');
const FLAGS = ['--ignore-scripts', '--json', '--loglevel=error'];

function npm(args, cwd) {
  return execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32',
  });
}

/** What `npm pack` of `dir` writes: [{ filename, version, files: [{ path }] }]. */
function npmPack(dir, args) {
  const [result] = JSON.parse(npm(['pack', ...args, ...FLAGS], dir));
  return result;
}

/** Throws, listing every problem, unless `files` (packed from `root`) are what promkit ships. */
function checkFiles(root, files) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const problems = contentProblems(pkg, files, (file) => fs.readFileSync(path.join(root, file), 'utf8'));
  if (problems.length > 0) {
    throw new Error(`the package is not complete or holds more than it should:\n  ${problems.join('\n  ')}`);
  }
}

const paths = (result) => result.files.map((f) => f.path).sort();

/** Packs `root` (built) into `destination`; returns the tarball's path, version and files. */
function pack(root = ROOT, destination = root) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'promkit-pack-'));
  try {
    const raw = npmPack(root, ['--pack-destination', scratch]);
    const files = paths(raw);
    checkFiles(root, files);
    execFileSync('tar', ['-xzf', path.join(scratch, raw.filename), '-C', scratch]);
    const staged = path.join(scratch, 'package');
    const manifestFile = path.join(staged, 'package.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    delete manifest.scripts;
    fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    fs.mkdirSync(destination, { recursive: true });
    const final = npmPack(staged, ['--pack-destination', path.resolve(destination)]);
    if (paths(final).join('\n') !== files.join('\n')) {
      throw new Error(
        `repacking changed the files:\n${paths(final).join('\n')}\ninstead of\n${files.join('\n')}`,
      );
    }
    return { tarball: path.join(path.resolve(destination), final.filename), version: final.version, files };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

module.exports = { pack };

if (require.main === module) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--destination');
  try {
    console.log(pack(ROOT, at >= 0 ? args[at + 1] : ROOT).tarball);
  } catch (error) {
    console.error(error.message);
    process.exitCode = 1;
  }
}
