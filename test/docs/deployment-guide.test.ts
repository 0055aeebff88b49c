import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const { codeBlocks } = require(join(ROOT, 'scripts', 'markdown.cjs')) as {
  codeBlocks(text: string): { lang: string; code: string }[];
};

describe('docs/deployment.md', () => {
  const blocks = codeBlocks(readFileSync(join(ROOT, 'docs', 'deployment.md'), 'utf8'));

  // The guide calls this set-up tested: what it shows must be what the end-to-end test runs.
  it.each([
    ['yaml', 'sample/scale-out/prometheus-agent.yml'],
    ['json', 'sample/scale-out/targets.json'],
  ])('shows %s from %s verbatim', (lang, file) => {
    const shown = blocks.filter((block) => block.lang === lang).map((block) => `${block.code}\n`);
    expect(shown).toContain(readFileSync(join(ROOT, file), 'utf8'));
  });
});
