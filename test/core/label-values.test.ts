import { Counter, Gauge, Histogram, LabelError, Registry } from 'promkit';

/** Values a label must refuse, each with how the error describes it. */
const throwingToString = {
  toString() {
    throw new Error('toString exploded');
  },
};
const badValues: Array<[string, unknown, RegExp]> = [
  ['true', true, /got true/],
  ['false', false, /got false/],
  ['null', null, /got null/],
  ['an object', { v: 1 }, /got object/],
  ['an array', ['GET'], /got an array/],
  ['a value whose toString throws', throwingToString, /got object/],
  ['a function', () => 'GET', /got function/],
  ['a symbol', Symbol('GET'), /got symbol/],
  ['a bigint', BigInt(200), /got bigint/],
];

function sampleLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

describe('label values', () => {
  describe.each(badValues)('%s', (_, bad, described) => {
    const error = new RegExp(
      `Metric "c_total": label "method" must be a string or number, ${described.source}`,
    );

    it('is rejected, whichever series already exist', async () => {
      const registry = new Registry();
      const c = new Counter({ name: 'c_total', help: 'C', labelNames: ['method'], registers: [registry] });
      // Series whose values a loose conversion of the bad value would hit.
      for (const v of ['true', 'false', 'null', '[object Object]', 'GET', 'Symbol(GET)', '200', '']) {
        c.inc({ method: v });
      }
      const before = await registry.metrics();
      expect(() => c.inc({ method: bad } as never)).toThrow(error);
      expect(() => c.inc({ method: bad } as never, 2)).toThrow(error);
      expect(() => c.labels({ method: bad } as never)).toThrow(error);
      expect(() => c.remove({ method: bad } as never)).toThrow(error);
      expect(await registry.metrics()).toBe(before);
    });

    it('is rejected as a positional value', () => {
      // Positional: with one argument, an object would be read as the labels object itself.
      const c = new Counter({ name: 'c_total', help: 'C', labelNames: ['code', 'method'], registers: [] });
      c.labels('200', 'GET').inc();
      expect(() => c.labels('200', bad as never)).toThrow(error);
      expect(() => c.remove('200', bad as never)).toThrow(error);
    });

    it('is rejected in any label position and key order', () => {
      const h = new Histogram({ name: 'h', help: 'H', labelNames: ['a', 'b'], registers: [] });
      h.observe({ a: 'x', b: 'y' }, 1);
      expect(() => h.observe({ a: 'x', b: bad } as never, 1)).toThrow(LabelError);
      expect(() => h.observe({ b: bad, a: 'x' } as never, 1)).toThrow(LabelError);
      expect(() => h.observe({ a: bad } as never, 1)).toThrow(LabelError);
    });
  });

  it('takes a number as its decimal text, the same series as the string', async () => {
    const registry = new Registry();
    const c = new Counter({ name: 'c_total', help: 'C', labelNames: ['code'], registers: [registry] });
    c.inc({ code: 200 });
    c.inc({ code: '200' });
    c.labels(200).inc();
    c.inc({ code: 0.5 });
    c.inc({ code: Number.NaN });
    expect(sampleLines(await registry.metrics())).toEqual([
      'c_total{code="200"} 3',
      'c_total{code="0.5"} 1',
      'c_total{code="NaN"} 1',
    ]);
  });

  describe('only the object’s own keys count', () => {
    it('ignores inherited properties, declared or not', async () => {
      const registry = new Registry();
      const c = new Counter({
        name: 'c_total',
        help: 'C',
        labelNames: ['method', 'code'],
        registers: [registry],
      });
      c.inc({ method: 'GET', code: '200' });
      const inheriting = Object.assign(Object.create({ method: 'GET', other: 'x' }), { code: '200' });
      c.inc(inheriting);
      class Labels {
        code = '404';
        get method() {
          return 'POST';
        }
      }
      c.inc(new Labels() as never);
      expect(sampleLines(await registry.metrics())).toEqual([
        'c_total{method="GET",code="200"} 1',
        'c_total{code="200"} 1',
        'c_total{code="404"} 1',
      ]);
    });

    it('ignores enumerable properties added to Object.prototype', async () => {
      const registry = new Registry();
      const c = new Counter({
        name: 'c_total',
        help: 'C',
        labelNames: ['method', 'code'],
        registers: [registry],
      });
      c.inc({ method: 'GET', code: '200' });
      const proto = Object.prototype as Record<string, unknown>;
      proto.code = '500';
      proto.polluted = 'yes';
      try {
        c.inc({ method: 'GET', code: '200' });
        c.inc({ method: 'GET' });
        c.inc({ code: '200', method: 'GET' });
      } finally {
        delete proto.code;
        delete proto.polluted;
      }
      expect(sampleLines(await registry.metrics())).toEqual([
        'c_total{method="GET",code="200"} 3',
        'c_total{method="GET"} 1',
      ]);
    });

    it('ignores symbol keys and counts a key whose value is undefined as absent', async () => {
      const registry = new Registry();
      const g = new Gauge({ name: 'g', help: 'G', labelNames: ['a'], registers: [registry] });
      g.set({ a: '1', [Symbol('a')]: 'x' } as never, 1);
      g.set({ a: undefined }, 2);
      expect(sampleLines(await registry.metrics())).toEqual(['g{a="1"} 1', 'g 2']);
    });
  });

  describe('lone UTF-16 surrogates', () => {
    it.each([
      ['a high surrogate alone', 'ab\uD800', 2, 'D800'],
      ['a low surrogate alone', '\uDC00x', 0, 'DC00'],
      ['two high surrogates', '\uD83D\uD83D', 0, 'D83D'],
      ['a low before its high', 'x\uDE00\uD83D', 1, 'DE00'],
    ])('rejects %s, naming where it is', (_, value, index, unit) => {
      const c = new Counter({ name: 'c_total', help: 'C', labelNames: ['v'], registers: [] });
      const error = new LabelError(
        `Metric "c_total": label "v" has a lone UTF-16 surrogate (U+${unit}) at index ${index}; label values must be well-formed Unicode`,
      );
      expect(() => c.inc({ v: value })).toThrow(error);
      expect(() => c.labels(value)).toThrow(error);
    });

    it('accepts astral characters (surrogate pairs) and keeps them distinct', async () => {
      const registry = new Registry();
      const c = new Counter({ name: 'c_total', help: 'C', labelNames: ['v'], registers: [registry] });
      c.inc({ v: '📦' });
      c.inc({ v: '📫' });
      c.inc({ v: '📦' });
      expect(sampleLines(await registry.metrics())).toEqual(['c_total{v="📦"} 2', 'c_total{v="📫"} 1']);
    });
  });
});
