import { join } from 'node:path';

/** promkit's layers import each other through their index.ts only, along the arrows of docs/architecture.md. */

const ROOT = join(__dirname, '..', '..');
const { layerImportProblems } = require(join(ROOT, 'scripts', 'check-layer-imports.cjs')) as {
  layerImportProblems(lib?: string): string[];
};

describe('imports between layers', () => {
  it('go through a layer’s index.ts and follow the documented arrows', () => {
    expect(layerImportProblems()).toEqual([]);
  });
});
