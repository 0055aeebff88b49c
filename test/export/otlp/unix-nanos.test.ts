import { nanosHalves, nanosText } from '../../../lib/export/otlp/unix-nanos';

describe('OTLP nanosecond times', () => {
  it.each([0, 1, 1_700_000_000_123, 1_733_600_000_123.25, 4_102_444_800_000])(
    'writes %d ms to the nanosecond, past 2^53',
    (ms) => {
      const exact = BigInt(Math.floor(ms)) * 1000000n + BigInt(Math.round((ms - Math.floor(ms)) * 1e6));
      expect(nanosText(ms)).toBe(exact.toString());
      const [low, high] = nanosHalves(ms);
      expect((BigInt(high) << 32n) + BigInt(low)).toBe(exact);
    },
  );
});
