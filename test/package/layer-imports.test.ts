import { join } from 'node:path';

/** promkit's layers import each other through their index.ts only, along the arrows of docs/architecture.md. */

const ROOT = join(__dirname, '..', '..');
const { importCircles, layerImportProblems } = require(join(ROOT, 'scripts', 'check-layer-imports.cjs')) as {
  importCircles(root?: string, folders?: string[]): string[][];
  layerImportProblems(lib?: string): string[];
};

describe('imports between layers', () => {
  it('go through a layer’s index.ts and follow the documented arrows', () => {
    expect(layerImportProblems()).toEqual([]);
  });
});

describe('imports between files', () => {
  it('run one way: no files of lib/ or bench/ import each other in a circle, not even through types', () => {
    expect(importCircles()).toEqual([]);
  });
});
