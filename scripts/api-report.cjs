#!/usr/bin/env node
'use strict';
// promkit's API reports: API Extractor reads each entry point's built
// declarations (run `npm run build` first) and writes what it exports to
// docs/api/<entry>.api.md. test/package/public-surface.test.ts runs the check;
// after a deliberate change to the public surface, `npm run api:update`
// rewrites the reports, to be committed with the change (docs/development.md).
//
//   node scripts/api-report.cjs            check: fails on a difference from the committed reports
//   node scripts/api-report.cjs --update   rewrite the reports
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { CompilerState, Extractor, ExtractorConfig } = require('@microsoft/api-extractor');
const { entryPoints } = require('./public-surface.cjs');

const ROOT = path.resolve(__dirname, '..');
const REPORTS = path.join(ROOT, 'docs', 'api');

// A missing release tag is no fault: promkit does not tag its API (@public, @beta). Nor is a
// type one entry point mentions and another exports (promkit/nest's options name `Registry`).
// Exports without TSDoc are found by scripts/public-surface.cjs: API Extractor's own check
// would ask for a comment on every member too.
const QUIET = ['ae-missing-release-tag', 'ae-forgotten-export', 'ae-undocumented'];

function extractorConfig(entry, tempFolder) {
  return ExtractorConfig.prepare({
    configObjectFullPath: undefined,
    packageJsonFullPath: path.join(ROOT, 'package.json'),
    configObject: {
      projectFolder: ROOT,
      mainEntryPointFilePath: entry.declarations,
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2022',
            module: 'commonjs',
            lib: ['ES2022'],
            types: ['node'],
            strict: true,
          },
          include: [path.join(ROOT, 'dist', 'cjs')],
        },
        skipLibCheck: true,
      },
      apiReport: {
        enabled: true,
        reportFileName: `${entry.report}.api.md`,
        reportFolder: REPORTS,
        reportTempFolder: tempFolder,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      newlineKind: 'lf',
      messages: {
        compilerMessageReporting: { default: { logLevel: 'warning' } },
        extractorMessageReporting: {
          default: { logLevel: 'warning', addToApiReportFile: true },
          ...Object.fromEntries(QUIET.map((id) => [id, { logLevel: 'none', addToApiReportFile: false }])),
        },
        tsdocMessageReporting: { default: { logLevel: 'none' } },
      },
    },
  });
}

/**
 * Runs API Extractor on every entry point. Returns the problems found: a report that
 * differs from the committed one (unless `update`), a warning of API Extractor or the compiler.
 */
function apiReport({ update = false } = {}) {
  fs.mkdirSync(REPORTS, { recursive: true });
  const tempFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'promkit-api-'));
  const problems = [];
  try {
    const entries = entryPoints();
    const configs = entries.map((entry) => extractorConfig(entry, tempFolder));
    // One compilation for every entry point: building one per entry point takes several times as long.
    const compilerState = CompilerState.create(configs[0], {
      additionalEntryPoints: entries.map((entry) => entry.declarations),
    });
    for (const [i, entry] of entries.entries()) {
      const result = Extractor.invoke(configs[i], {
        compilerState,
        localBuild: update,
        messageCallback(message) {
          message.handled = true;
          // console-* messages narrate the run (report created, changed); the result says that.
          const fault = message.logLevel === 'error' || message.logLevel === 'warning';
          if (fault && !message.messageId.startsWith('console-')) {
            problems.push(`${entry.name}: ${message.messageId} ${message.text}`);
          }
        },
      });
      if (result.apiReportChanged && !update) {
        problems.push(
          `${entry.name}: the API differs from docs/api/${entry.report}.api.md (npm run api:update)`,
        );
      }
    }
  } finally {
    fs.rmSync(tempFolder, { recursive: true, force: true });
  }
  return problems;
}

module.exports = { apiReport };

if (require.main === module) {
  const problems = apiReport({ update: process.argv.includes('--update') });
  for (const problem of problems) console.error(problem);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
