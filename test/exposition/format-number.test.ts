import {
  formatCanonical,
  formatNumber,
  formatTimestampMs,
  formatTimestampSeconds,
} from '../../lib/exposition';

// Expected values are what Go's strconv.FormatFloat(v, 'g', -1, 64) returns.
const GO_FORMAT: Array<[number, string]> = [
  [0, '0'],
  [-0, '-0'],
  [1, '1'],
  [-1, '-1'],
  [42, '42'],
  [0.1, '0.1'],
  [0.5, '0.5'],
  [-3.25, '-3.25'],
  [0.1 + 0.2, '0.30000000000000004'],
  [1 / 3, '0.3333333333333333'],
  [99999, '99999'],
  [100000, '100000'],
  [999999, '999999'],
  [999999.5, '999999.5'],
  [123456.789, '123456.789'],
  [1000000, '1e+06'],
  [-1000000, '-1e+06'],
  [1234567, '1.234567e+06'],
  [10000000, '1e+07'],
  [123456789, '1.23456789e+08'],
  [1.5e10, '1.5e+10'],
  [2 ** 53, '9.007199254740992e+15'],
  [1e21, '1e+21'],
  [1e22, '1e+22'],
  [1.5e300, '1.5e+300'],
  [1e100, '1e+100'],
  [Number.MAX_VALUE, '1.7976931348623157e+308'],
  [0.0001, '0.0001'],
  [0.000123, '0.000123'],
  [-0.0001, '-0.0001'],
  [0.00001, '1e-05'],
  [-0.00001, '-1e-05'],
  [0.000099, '9.9e-05'],
  [1.5e-7, '1.5e-07'],
  [1e-10, '1e-10'],
  [Number.MIN_VALUE, '5e-324'],
  [Number.EPSILON, '2.220446049250313e-16'],
  [Infinity, '+Inf'],
  [-Infinity, '-Inf'],
  [Number.NaN, 'NaN'],
];

describe('formatNumber (Go FormatFloat g -1)', () => {
  it.each(GO_FORMAT)('%p -> %s', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });

  it('round-trips and uses Go notation for random doubles of every magnitude', () => {
    // Deterministic PRNG so a failure is reproducible.
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 20000; i++) {
      const v = (random() - 0.5) * 10 ** Math.floor(random() * 60 - 30);
      const s = formatNumber(v);
      expect(Number(s)).toBe(v);
      const exponent = Number(v.toExponential().split('e')[1]);
      if (exponent < -4 || exponent >= 6) {
        expect(s).toMatch(/^-?\d(\.\d+)?e[+-]\d{2,3}$/);
      } else {
        expect(s).toMatch(/^-?\d+(\.\d+)?$/);
      }
    }
  });
});

describe('formatCanonical (OpenMetrics le/quantile)', () => {
  it.each<[number, string]>([
    [1, '1.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [10, '10.0'],
    [-5, '-5.0'],
    [999999, '999999.0'],
    [1e6, '1e+06'],
    [1234567, '1.234567e+06'],
    [0.5, '0.5'],
    [0.005, '0.005'],
    [0.99, '0.99'],
    [2.5, '2.5'],
    [0.00001, '1e-05'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [Number.NaN, 'NaN'],
  ])('%p -> %s', (value, expected) => {
    expect(formatCanonical(value)).toBe(expected);
  });
});

describe('timestamps', () => {
  it.each<[number, string]>([
    [1_700_000_000_000, '1700000000000'],
    [1_700_000_000_123.9, '1700000000123'],
    [0, '0'],
  ])('text format: %p ms -> %s', (ms, expected) => {
    expect(formatTimestampMs(ms)).toBe(expected);
  });

  it.each<[number, string]>([
    [1_700_000_000_000, '1700000000'],
    [1_700_000_000_123, '1700000000.123'],
    [1_700_000_000_100, '1700000000.1'],
    [1_700_000_000_005, '1700000000.005'],
    [1_700_000_000_050, '1700000000.05'],
    [0, '0'],
    [5, '0.005'],
    [-1500, '-1.5'],
    [-500, '-0.5'],
    [1_700_000_000_123.5, '1700000000.1235'],
  ])('OpenMetrics: %p ms -> %s s', (ms, expected) => {
    expect(formatTimestampSeconds(ms)).toBe(expected);
  });
});
