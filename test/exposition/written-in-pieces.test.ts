import { type ExpositionFormat, writerFor } from '../../lib/exposition';
import type { GaugeFamily, GaugePoint } from '../../lib/model';

/**
 * A scrape writes a large family a few hundred series at a time and yields
 * between the pieces: a piece reads its own series only, and the pieces
 * together write what the family written at once does.
 */

const FORMATS: ExpositionFormat[] = ['text', 'openmetrics', 'protobuf'];

function gauge(points: GaugePoint[]): GaugeFamily {
  return { name: 'depth', help: 'Depth.', type: 'gauge', points };
}

/** Points whose label names say which of them were read. */
function watchedPoints(count: number, read: Set<number>): GaugePoint[] {
  const names = ['queue'];
  return Array.from({ length: count }, (_, i) => {
    const point = { labelValues: [`q${i}`], value: i } as unknown as GaugePoint;
    Object.defineProperty(point, 'labelNames', {
      enumerable: true,
      get: () => {
        read.add(i);
        return names;
      },
    });
    return point;
  });
}

function inPieces(format: ExpositionFormat, family: GaugeFamily, size: number): string {
  const writer = writerFor(format).open({ escaping: 'underscores' });
  for (let from = 0; from < family.points.length; from += size) {
    writer.write(family, from, Math.min(family.points.length, from + size));
  }
  const body = writer.end();
  return typeof body === 'string' ? body : Buffer.from(body).toString('hex');
}

describe('a family written in pieces', () => {
  it.each(FORMATS)('%s: writing a piece reads the label names of its own series only', (format) => {
    const read = new Set<number>();
    const family = gauge(watchedPoints(10_000, read));
    const writer = writerFor(format).open();
    writer.write(family, 0, 256);
    expect(Math.max(...read)).toBe(255);
    writer.write(family, 256, 512);
    expect(Math.max(...read)).toBe(511);
    expect(read.size).toBe(512);
  });

  it.each(FORMATS)(
    '%s: series with UTF-8 label names among legacy ones are written as when written at once',
    (format) => {
      const points = Array.from(
        { length: 40 },
        (_, i) =>
          ({
            labelNames: i % 7 === 3 ? ['queue.name', 'zone'] : ['queue'],
            labelValues: i % 7 === 3 ? [`q${i}`, 'z'] : [`q${i}`],
            value: i,
          }) as GaugePoint,
      );
      const family = gauge(points);
      const whole = inPieces(format, family, points.length);
      const escaped = format === 'protobuf' ? Buffer.from('queue_name').toString('hex') : 'queue_name';
      expect(whole).toContain(escaped);
      for (const size of [1, 3, 16, 17]) expect(inPieces(format, family, size)).toBe(whole);
    },
  );
});
