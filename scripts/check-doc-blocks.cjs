#!/usr/bin/env node
'use strict';
// Checks the code blocks of README.md and docs/*.md:
// - every ```ts / ```typescript block compiles with tsc against promkit's own
//   sources (`promkit` and its subpaths: `promkit/exposition`, `promkit/nest`...
//   mapped to lib/ as tsconfig.json's `paths` map them);
// - a block marked `<!-- runnable -->` on the line before its fence is also run,
//   bundled with esbuild and executed by Node, and must exit 0 within the time limit;
// - every ```js block passes `node --check`.
// A block marked `<!-- fragment -->` is not a whole program and is not compiled.
//   node scripts/check-doc-blocks.cjs [file.md ...]

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { codeBlocks } = require('./markdown.cjs');
const { docFiles } = require('./check-doc-links.cjs');

const ROOT = path.resolve(__dirname, '..');
const TS_LANGS = new Set(['ts', 'typescript']);
const JS_LANGS = new Set(['js', 'javascript']);
const MARKERS = new Set(['fragment', 'runnable']);
// How long a runnable block may take; DOC_BLOCKS_TIMEOUT_MS overrides it.
const RUN_TIMEOUT_MS = Number(process.env.DOC_BLOCKS_TIMEOUT_MS) || 20_000;

function rootCompilerOptions(ts) {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  return config.config.compilerOptions;
}

/** tsconfig.json's settings, as ES modules so that blocks may await at the top level. */
function compilerOptions(ts) {
  const root = rootCompilerOptions(ts);
  const { options, errors } = ts.convertCompilerOptionsFromJson(
    {
      ...root,
      module: 'es2022',
      moduleResolution: 'bundler',
      noEmit: true,
      declaration: false,
      sourceMap: false,
    },
    ROOT,
  );
  if (errors.length > 0) throw new Error(ts.flattenDiagnosticMessageText(errors[0].messageText, '\n'));
  return options;
}

/** Blocks to check, each written to a file of its own in `dir`. */
function extract(files, dir) {
  const blocks = [];
  const problems = [];
  for (const file of files) {
    const where = path.relative(ROOT, file) || file;
    for (const found of codeBlocks(fs.readFileSync(file, 'utf8'))) {
      // Any other comment before a fence is not ours: such a block is checked as unmarked.
      const block = MARKERS.has(found.marker) ? found : { ...found, marker: undefined };
      const isTs = TS_LANGS.has(block.lang);
      const isJs = JS_LANGS.has(block.lang);
      if (block.marker === 'runnable' && !isTs) {
        problems.push(
          `${where}:${block.line}: only ts blocks can be runnable (this one is ${block.lang || 'plain'})`,
        );
        continue;
      }
      if (!(isTs || isJs)) continue;
      const name = `${where.replace(/[^\w]+/g, '_')}_L${block.line}`;
      const source = path.join(dir, `${name}.${isTs ? 'ts' : 'cjs'}`);
      // `export {}` makes every block a module: its names stay its own, and it may await at the top.
      fs.writeFileSync(source, isTs ? `${block.code}\nexport {};\n` : `${block.code}\n`);
      blocks.push({ ...block, where, source, kind: isTs ? 'ts' : 'js' });
    }
  }
  return { blocks, problems };
}

/** "README.md:45: TS2304 ..." for each diagnostic, with the block's lines mapped back to the Markdown file. */
function typeCheck(ts, blocks) {
  const compiled = blocks.filter((block) => block.kind === 'ts' && block.marker !== 'fragment');
  if (compiled.length === 0) return [];
  const bySource = new Map(compiled.map((block) => [path.resolve(block.source), block]));
  const program = ts.createProgram([...bySource.keys()], compilerOptions(ts));
  // Only the blocks' own diagnostics: lib/ is type-checked with the project, and checking
  // just what the blocks use is several times faster than checking every file.
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...[...bySource.keys()].flatMap((file) => {
      const sourceFile = program.getSourceFile(file);
      return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    }),
  ];
  return diagnostics.map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
    if (!diagnostic.file) return `TS${diagnostic.code}: ${message}`;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const block = bySource.get(path.resolve(diagnostic.file.fileName));
    if (!block)
      return `${path.relative(ROOT, diagnostic.file.fileName)}:${line + 1}: TS${diagnostic.code}: ${message}`;
    return `${block.where}:${block.line + 1 + line}: TS${diagnostic.code}: ${message}`;
  });
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function syntaxCheck(blocks) {
  const problems = [];
  for (const block of blocks.filter((b) => b.kind === 'js' && b.marker !== 'fragment')) {
    const result = spawnSync(process.execPath, ['--check', block.source], { encoding: 'utf8' });
    if (result.status !== 0) {
      // Node names the line as "<file>:<line>" and then the error itself.
      const lineInBlock = Number(
        new RegExp(`^${escapeRegExp(block.source)}:(\\d+)`, 'm').exec(result.stderr)?.[1] ?? 0,
      );
      const error = /^\w*Error: .*$/m.exec(result.stderr)?.[0] ?? result.stderr.trim();
      problems.push(`${block.where}:${block.line + lineInBlock}: js block does not parse: ${error}`);
    }
  }
  return problems;
}

/** Resolves `promkit` and its subpaths to lib/ through tsconfig.json's `paths`; every other package stays external. */
function promkitSources(paths) {
  return {
    name: 'promkit-sources',
    setup(build) {
      build.onResolve({ filter: /^promkit(\/.*)?$/ }, (args) => {
        const target = paths[args.path]?.[0];
        if (target === undefined)
          return { errors: [{ text: `${args.path} is not one of tsconfig.json's paths` }] };
        return build.resolve(`./${target}`, { resolveDir: ROOT, kind: args.kind });
      });
      build.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, external: true }));
    },
  };
}

function runOne(file) {
  return new Promise((resolve) => {
    // A group of its own, so that a block that overruns is stopped with whatever it started.
    const child = spawn(process.execPath, [file], {
      cwd: path.dirname(file),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const keep = (chunk) => {
      output = (output + chunk).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, RUN_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

async function run(blocks) {
  const runnable = blocks.filter((block) => block.marker === 'runnable');
  if (runnable.length === 0) return [];
  const esbuild = require('esbuild');
  const ts = require('typescript');
  const plugin = promkitSources(rootCompilerOptions(ts).paths);
  const problems = [];
  for (const block of runnable) {
    const bundle = block.source.replace(/\.ts$/, '.mjs');
    try {
      await esbuild.build({
        entryPoints: [block.source],
        outfile: bundle,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        tsconfig: path.join(ROOT, 'tsconfig.json'),
        // promkit's sources are CommonJS and load some modules lazily with require().
        banner: {
          js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        },
        plugins: [plugin],
        logLevel: 'silent',
      });
    } catch (error) {
      problems.push(`${block.where}:${block.line}: runnable block does not bundle: ${error.message}`);
      continue;
    }
    const { code, signal, output } = await runOne(bundle);
    if (code !== 0) {
      const why = signal ? `did not end within ${RUN_TIMEOUT_MS / 1000} s` : `exited with ${code}`;
      problems.push(
        `${block.where}:${block.line}: runnable block ${why}:\n  ${output.trim().split('\n').slice(-8).join('\n  ')}`,
      );
    }
  }
  return problems;
}

/** Checks the files; resolves to the problems found and what was checked. */
async function checkDocBlocks(files) {
  const ts = require('typescript');
  // Inside the checkout (.tmp/ is ignored by git), so that blocks resolve the packages in node_modules.
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(ROOT, '.tmp', 'doc-blocks-'));
  try {
    const { blocks, problems } = extract(files, dir);
    problems.push(...typeCheck(ts, blocks), ...syntaxCheck(blocks), ...(await run(blocks)));
    const count = (test) => blocks.filter(test).length;
    const summary = {
      tsChecked: count((b) => b.kind === 'ts' && b.marker !== 'fragment'),
      jsChecked: count((b) => b.kind === 'js' && b.marker !== 'fragment'),
      run: count((b) => b.marker === 'runnable'),
      fragments: count((b) => b.marker === 'fragment'),
    };
    return { problems, summary };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { checkDocBlocks };

if (require.main === module) {
  const args = process.argv.slice(2);
  const files = args.length > 0 ? args.map((file) => path.resolve(file)) : docFiles();
  checkDocBlocks(files).then(
    ({ problems, summary }) => {
      for (const problem of problems) console.error(problem);
      console.log(
        `doc blocks: ${summary.tsChecked} ts compiled, ${summary.run} of them run, ${summary.jsChecked} js checked, ` +
          `${summary.fragments} fragments skipped; ${problems.length} problems`,
      );
      process.exitCode = problems.length > 0 ? 1 : 0;
    },
    (error) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}
