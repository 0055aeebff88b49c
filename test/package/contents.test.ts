import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * What `npm pack` puts in promkit's tarball: every `exports` target, `bin`
 * and node10 entry, the documents, and nothing else (scripts/package-contents.cjs,
 * which scripts/pack.cjs and the release run too).
 */

const ROOT = join(__dirname, '..', '..');
const { contentProblems } = require(join(ROOT, 'scripts', 'package-contents.cjs')) as {
  contentProblems(pkg: unknown, files: string[], readFile: (file: string) => string): string[];
};
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const readFile = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The files of the package as it is now, by the same npm that packs it. */
async function packedFiles(): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    'npm',
    ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'],
    { cwd: ROOT, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout)[0].files.map((f: { path: string }) => f.path);
}

describe('the files npm packs', () => {
  let files: string[];

  beforeAll(async () => {
    expect({ built: existsSync(join(ROOT, 'dist', 'cjs', 'index.js')) }).toEqual({ built: true });
    files = await packedFiles();
  }, 90_000);

  it('hold every exports target, bin and node10 entry, and nothing but the build and documents', () => {
    expect(contentProblems(pkg, files, readFile)).toEqual([]);
  });

  it('are reported when an exports target, a bin or a node10 entry is missing', () => {
    const without = (file: string) => files.filter((f) => f !== file);
    expect(contentProblems(pkg, without('dist/esm/nest/index.d.mts'), readFile)).toEqual([
      'exports target dist/esm/nest/index.d.mts is not in the package',
    ]);
    expect(contentProblems(pkg, without('bin/promkit.js'), readFile)).toEqual([
      'bin "promkit" bin/promkit.js is not in the package',
    ]);
    expect(contentProblems(pkg, without('testing/jest/package.json'), readFile)).toEqual([
      'node10 entry testing/jest/package.json is not in the package',
    ]);
  });

  it('are reported when a node10 entry points at a file that is not packed', () => {
    const stub = (file: string) =>
      file === 'nest/package.json' ? JSON.stringify({ main: '../dist/cjs/nest/main.js' }) : readFile(file);
    expect(contentProblems(pkg, files, stub)).toEqual([
      'nest/package.json "main" dist/cjs/nest/main.js is not in the package',
      'nest/package.json has no "types"',
    ]);
  });

  it('are reported when they include tests, sources, source maps or stray files', () => {
    const extra = [
      'dist/cjs/core/counter.test.js',
      'dist/cjs/index.js.map',
      'lib/index.ts',
      'test/core/counter.test.ts',
      'dist/cjs/core/counter.ts',
      'tsconfig.json',
    ];
    expect(contentProblems(pkg, [...files, ...extra], readFile)).toEqual([
      'dist/cjs/core/counter.test.js is a test or source map and must not be packed',
      'dist/cjs/index.js.map is a test or source map and must not be packed',
      'lib/index.ts is not part of the build or the documents and must not be packed',
      'test/core/counter.test.ts is a test or source map and must not be packed',
      'dist/cjs/core/counter.ts is not part of the build or the documents and must not be packed',
      'tsconfig.json is not part of the build or the documents and must not be packed',
    ]);
  });
});
