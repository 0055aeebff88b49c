import {
  bucketIndex,
  bucketUpperBound,
  indexLookup,
  MAX_SCHEMA,
  MIN_SCHEMA,
  schemaForBucketFactor,
} from '../../../lib/core/native-histogram';
import { exactBucketIndex, isRoundedDownRoot, nextDown, nextUp } from './exact-index';

const SCHEMAS = Array.from({ length: MAX_SCHEMA - MIN_SCHEMA + 1 }, (_, i) => MIN_SCHEMA + i);

/** A deterministic spread of doubles over the whole positive range, subnormals included. */
function spread(count: number): number[] {
  let state = 42;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const values = [Number.MIN_VALUE, 3 * Number.MIN_VALUE, 2 ** -1022, 1e-310, Number.MAX_VALUE, 1, 2, 0.5, 3];
  for (let i = 0; i < count; i++) values.push(2 ** ((random() - 0.5) * 2000) * (1 + random()));
  return values.filter((v) => v > 0 && Number.isFinite(v));
}

describe('native bucket boundaries', () => {
  it('are 2^(j/256) rounded down, checked with exact integer arithmetic', () => {
    for (let j = 1; j < 256; j++) {
      const bound = bucketUpperBound(j, MAX_SCHEMA);
      expect({ j, exact: isRoundedDownRoot(bound, j, 256) }).toEqual({ j, exact: true });
    }
  });

  it('put every schema on the same grid: bound i at schema s is bound 2i at schema s + 1', () => {
    for (let s = MIN_SCHEMA; s < MAX_SCHEMA; s++) {
      for (let i = -40; i <= 40; i++) expect(bucketUpperBound(i, s)).toBe(bucketUpperBound(2 * i, s + 1));
    }
  });

  it('are powers of two at schemas 0 and below', () => {
    expect([-2, -1, 0, 1, 2].map((i) => bucketUpperBound(i, 0))).toEqual([0.25, 0.5, 1, 2, 4]);
    expect([-1, 0, 1, 2].map((i) => bucketUpperBound(i, -2))).toEqual([1 / 16, 1, 16, 256]);
    expect(bucketUpperBound(1, -4)).toBe(65536);
  });
});

describe('native bucket index', () => {
  it.each(SCHEMAS)('equals the exact index for doubles across the whole range (schema %i)', (schema) => {
    const lookup = indexLookup(schema);
    const mismatches = spread(1500)
      .map((v) => ({ v, got: bucketIndex(v, lookup), exact: exactBucketIndex(v, schema) }))
      .filter((m) => m.got !== m.exact);
    expect(mismatches).toEqual([]);
  });

  it.each(SCHEMAS)('puts a bound in its own bucket and the next double in the next (schema %i)', (schema) => {
    const lookup = indexLookup(schema);
    const per = schema > 0 ? 2 ** schema : 1;
    const indexes = [];
    for (let i = -3 * per; i <= 3 * per; i++) indexes.push(i);
    indexes.push(-100 * per, 97 * per + 1, 500 * per - 1);
    for (const i of indexes) {
      const bound = bucketUpperBound(i, schema);
      // Coarse schemas reach beyond the doubles: those bounds are 0 or Infinity.
      if (!(bound >= 2 ** -1022 && bound < Number.MAX_VALUE)) continue;
      const around = [nextDown(bound), bound, nextUp(bound)];
      expect(around.map((v) => bucketIndex(v, lookup))).toEqual(
        around.map((v) => exactBucketIndex(v, schema)),
      );
      expect(bucketIndex(bound, lookup)).toBe(i);
      expect(bucketIndex(nextUp(bound), lookup)).toBe(i + 1);
    }
  });

  it('knows the classic reference points', () => {
    const at = (v: number, schema: number) => bucketIndex(v, indexLookup(schema));
    // Schema 0: bucket i is (2^(i-1), 2^i].
    expect([0.5, 0.75, 1, 1.5, 2, 3, 4, 1024].map((v) => at(v, 0))).toEqual([-1, 0, 0, 1, 1, 2, 2, 10]);
    // Schema -1 joins pairs of those: (4^(i-1), 4^i].
    expect([0.25, 0.5, 1, 2, 4, 5, 16].map((v) => at(v, -1))).toEqual([-1, 0, 0, 1, 1, 2, 2]);
    // Schema 1: √2 is a bound; Math.SQRT2 is the double just above √2, the double before it just below.
    expect(at(Math.SQRT2, 1)).toBe(2);
    expect(at(nextDown(Math.SQRT2), 1)).toBe(1);
    expect(at(1.5, 1)).toBe(2);
    // Schema 3 (factor 1.09): 1.1 lies between 2^(1/8) = 1.0905 and 2^(2/8) = 1.1892.
    expect(at(1.1, 3)).toBe(2);
    expect(at(0.001, 3)).toBe(-79); // 2^(-80/8) = 0.000977 < 0.001 <= 2^(-79/8) = 0.00106
  });

  it('puts the extremes at the ends of the range', () => {
    for (const schema of SCHEMAS) {
      const lookup = indexLookup(schema);
      expect(bucketIndex(Number.POSITIVE_INFINITY, lookup)).toBe(bucketIndex(Number.MAX_VALUE, lookup) + 1);
      expect(bucketIndex(Number.MAX_VALUE, lookup)).toBe(exactBucketIndex(Number.MAX_VALUE, schema));
      expect(bucketIndex(Number.MIN_VALUE, lookup)).toBe(exactBucketIndex(Number.MIN_VALUE, schema));
    }
    expect(bucketIndex(Number.MAX_VALUE, indexLookup(0))).toBe(1024);
    expect(bucketIndex(Number.MIN_VALUE, indexLookup(0))).toBe(-1074);
  });

  it('rejects schemas outside -4..8', () => {
    expect(() => indexLookup(9)).toThrow('schema must be an integer from -4 to 8');
    expect(() => indexLookup(-5)).toThrow(RangeError);
    expect(() => indexLookup(1.5)).toThrow(RangeError);
  });
});

describe('schemaForBucketFactor', () => {
  it('picks the coarsest schema whose growth factor does not exceed the factor (the spec table)', () => {
    const table: [number, number][] = [
      [65536, -4],
      [256, -3],
      [16, -2],
      [4, -1],
      [2, 0],
      [1.5, 1],
      [1.2, 2],
      [1.1, 3],
      [1.05, 4],
      [1.03, 5],
      [1.02, 6],
      [1.01, 7],
      [1.005, 8],
      [1.0001, 8],
      [1e9, -4],
    ];
    expect(table.map(([factor]) => [factor, schemaForBucketFactor(factor)])).toEqual(table);
  });

  it('treats a factor exactly at an irrational growth factor by its rounding', () => {
    // Math.SQRT2 is above √2, so schema 1 (factor √2) fits; the double below it does not.
    expect(schemaForBucketFactor(Math.SQRT2)).toBe(1);
    expect(schemaForBucketFactor(nextDown(Math.SQRT2))).toBe(2);
  });
});
