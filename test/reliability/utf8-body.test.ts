import { utf8Body } from '../../lib/export/http/utf8-body';

describe('a large exposition encoded in slices', () => {
  const SLICE = 1 << 20;

  it.each([
    ['ASCII', 'a'.repeat(3 * SLICE + 17)],
    ['a surrogate pair across a slice boundary', `${'a'.repeat(SLICE - 1)}🎉${'b'.repeat(SLICE)}🎉`],
    ['astral characters throughout', '𝔘é日'.repeat(SLICE / 2)],
    ['a lone surrogate at a boundary', `${'a'.repeat(SLICE - 1)}\ud800${'b'.repeat(10)}`],
  ])('is byte for byte what Buffer.from gives: %s', async (_, text) => {
    expect((await utf8Body(text)).equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it('lets the event loop run between slices', async () => {
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    await utf8Body('x'.repeat(8 * SLICE));
    running = false;
    expect(turns).toBeGreaterThanOrEqual(4);
  });
});
