import { writeOpenMetrics, writeText } from '../../lib/exposition';
import { writerFor } from '../../lib/exposition/writers';
import type { MetricFamily } from '../../lib/model';
import { labels, realisticFamilies } from './fixtures';

/** Writes each family in pieces of `size` points, as a renderer that yields inside families does. */
function writeInPieces(format: 'text' | 'openmetrics', families: MetricFamily[], size: number): string {
  const writer = writerFor(format).open({ defaultLabels: labels({ service: 'api' }) });
  for (const family of families) {
    const n = family.points.length;
    if (n === 0) writer.write(family, 0, 0);
    for (let from = 0; from < n; from += size) writer.write(family, from, Math.min(n, from + size));
  }
  return writer.end();
}

describe('format writers', () => {
  const families = realisticFamilies();
  const options = { defaultLabels: labels({ service: 'api' }) };

  it.each([1, 2, 3, 1000])('write a family split into pieces of %i points exactly as whole', (size) => {
    expect(writeInPieces('text', families, size)).toBe(writeText(families, options));
    expect(writeInPieces('openmetrics', families, size)).toBe(writeOpenMetrics(families, options));
  });

  it('write the header of an empty family once', () => {
    const empty: MetricFamily = { name: 'idle', help: 'Nothing yet.', type: 'gauge', points: [] };
    expect(writeInPieces('text', [empty], 5)).toBe('# HELP idle Nothing yet.\n# TYPE idle gauge\n');
  });

  it('carry their content type', () => {
    expect(writerFor('text').contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(writerFor('openmetrics').contentType).toBe(
      'application/openmetrics-text; version=1.0.0; charset=utf-8',
    );
  });

  it('reject an unknown format by name', () => {
    expect(() => writerFor('json' as 'text')).toThrow(
      'Unknown exposition format "json" (known: text, openmetrics, protobuf)',
    );
    expect(() => writerFor('toString' as 'text')).toThrow('Unknown exposition format "toString"');
  });
});
