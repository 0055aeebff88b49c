#!/usr/bin/env node
// Releases promkit to the npm registry in one command:
//
//   npm run release -- <patch|minor|major|x.y.z> [--dry-run] [--no-provenance]
//
// From a clean tree: sets the version in package.json and package-lock.json,
// moves the changelog's Unreleased section under the new version, builds,
// packs and checks the tarball (scripts/pack.cjs), commits and tags
// `v<version>`, then runs `npm publish <tarball> --provenance`. Provenance needs
// a CI provider's identity (GitHub Actions with `id-token: write`); publishing
// from a workstation needs --no-provenance.
//
// --dry-run does all of that but the commit, the tag and the upload: npm
// publish runs with --dry-run, and the version and changelog edits are undone
// afterwards. The tarball is kept either way, and its path printed.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pack } = require('./pack.cjs');

const ROOT = path.join(__dirname, '..');
const EDITED = ['package.json', 'package-lock.json', 'CHANGELOG.md'];
const USAGE = 'usage: npm run release -- <patch|minor|major|x.y.z> [--dry-run] [--no-provenance]';
const SEMVER = /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/;

function run(command, args, options = {}) {
  return execFileSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    shell: process.platform === 'win32' && command === 'npm',
  });
}

function parseArgs(argv) {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const positional = argv.filter((a) => !a.startsWith('--'));
  for (const flag of flags) {
    if (flag !== '--dry-run' && flag !== '--no-provenance')
      throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  if (positional.length !== 1) throw new Error(USAGE);
  return { bump: positional[0], dryRun: flags.has('--dry-run'), provenance: !flags.has('--no-provenance') };
}

/** The version after `bump` (patch, minor, major or an explicit x.y.z) of `current`. */
function nextVersion(current, bump) {
  const parts = SEMVER.exec(current);
  if (!parts) throw new Error(`package.json's version ${current} is not x.y.z`);
  const [major, minor, patch] = parts.slice(1, 4).map(Number);
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  if (bump === 'patch') return parts[4] ? `${major}.${minor}.${patch}` : `${major}.${minor}.${patch + 1}`;
  if (!SEMVER.test(bump))
    throw new Error(`${bump} is neither patch, minor, major nor a version x.y.z\n${USAGE}`);
  if (bump === current) throw new Error(`promkit is already at ${current}`);
  return bump;
}

/** The changelog with its Unreleased entries under `## [version] - date`, and an empty Unreleased above. */
function releaseChangelog(text, version, date) {
  const heading = /^## \[Unreleased\][^\n]*\n/m.exec(text);
  if (!heading) throw new Error('CHANGELOG.md has no "## [Unreleased]" section');
  const start = heading.index + heading[0].length;
  const next = text.slice(start).search(/^## \[/m);
  const end = next === -1 ? text.length : start + next;
  const entries = text.slice(start, end).trim();
  if (entries === '')
    throw new Error('CHANGELOG.md lists nothing under Unreleased: there is nothing to release');
  if (new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`, 'm').test(text)) {
    throw new Error(`CHANGELOG.md already has a section for ${version}`);
  }
  return `${text.slice(0, start)}\n## [${version}] - ${date}\n\n${entries}\n\n${text.slice(end)}`;
}

function editJson(file, edit) {
  const full = path.join(ROOT, file);
  const json = JSON.parse(fs.readFileSync(full, 'utf8'));
  edit(json);
  fs.writeFileSync(full, `${JSON.stringify(json, null, 2)}\n`);
}

function setVersion(version) {
  editJson('package.json', (pkg) => {
    pkg.version = version;
  });
  editJson('package-lock.json', (lock) => {
    lock.version = version;
    if (lock.packages?.['']) lock.packages[''].version = version;
  });
  const changelog = path.join(ROOT, 'CHANGELOG.md');
  const date = new Date().toISOString().slice(0, 10);
  fs.writeFileSync(changelog, releaseChangelog(fs.readFileSync(changelog, 'utf8'), version, date));
}

function main(argv) {
  const { bump, dryRun, provenance } = parseArgs(argv);
  const dirty = run('git', ['status', '--porcelain']).trim();
  if (dirty !== '')
    throw new Error(`the working tree has uncommitted changes; commit or stash them first:\n${dirty}`);
  const current = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  const version = nextVersion(current, bump);
  const tag = `v${version}`;
  if (run('git', ['tag', '--list', tag]).trim() !== '') throw new Error(`tag ${tag} exists already`);

  console.log(`promkit ${current} -> ${version}${dryRun ? ' (dry run: no commit, tag or upload)' : ''}`);
  let committed = false;
  let tarball;
  try {
    setVersion(version);
    run('npm', ['run', 'build'], { inherit: true });
    const destination = fs.mkdtempSync(path.join(os.tmpdir(), 'promkit-release-'));
    const packed = pack(ROOT, destination);
    tarball = packed.tarball;
    console.log(`packed ${packed.files.length} files into ${tarball}`);
    if (!dryRun) {
      run('git', ['add', ...EDITED]);
      run('git', ['commit', '--quiet', '-m', `promkit ${version}`]);
      run('git', ['tag', '--annotate', tag, '-m', `promkit ${version}`]);
      committed = true;
      console.log(`committed and tagged ${tag}`);
    }
    const publish = ['publish', tarball, '--ignore-scripts', '--loglevel=warn'];
    if (provenance) publish.push('--provenance');
    if (dryRun) publish.push('--dry-run');
    run('npm', publish, { inherit: true });
    console.log(
      dryRun
        ? `dry run done: ${tarball} is what \`npm run release -- ${bump}\` would publish`
        : `published promkit ${version}; now: git push --follow-tags`,
    );
  } catch (error) {
    if (committed) {
      error.message += `\nthe release is committed and tagged ${tag} but not published: npm publish ${tarball} retries the upload`;
    }
    throw error;
  } finally {
    // A dry run, or a release that failed before its commit, leaves the tree as it found it.
    if (!committed) run('git', ['checkout', '--', ...EDITED]);
  }
}

module.exports = { nextVersion, releaseChangelog };

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error.message);
    process.exitCode = 1;
  }
}
