import type { EndedSeries } from './encode-request';
import { FixedLabels, type SeriesLabels } from './series-labels';
import type { HistogramSample, SeriesMetadata, SeriesSink } from './series-walk';

/** A series' identity: its sorted labels, in a string no two label sets share. */
function seriesKey(labels: SeriesLabels): string {
  let key = '';
  const names = labels.names;
  for (let i = 0; i < names.length; i++) {
    const value = labels.value(i);
    if (value !== '') key += `${names[i]}\u0000${value}\u0001`;
  }
  return key;
}

/**
 * Remembers the series each collection sent, to tell which ones ended (a
 * removed label set, a series past its TTL, a metric unregistered) and give
 * each of those one stale marker. A series is copied once, when it first
 * appears; later collections only look it up.
 */
export class StaleSeries {
  private previous = new Map<string, EndedSeries>();
  private current = new Map<string, EndedSeries>();

  /** `sink`, noting every series that passes through it as sent in this collection. */
  watch(sink: SeriesSink): SeriesSink {
    let metadata: SeriesMetadata;
    const seen = (labels: SeriesLabels) => {
      const key = seriesKey(labels);
      if (this.current.has(key)) return;
      const known = this.previous.get(key);
      this.current.set(key, known ?? { labels: FixedLabels.copy(labels), metadata });
    };
    return {
      family(m: SeriesMetadata) {
        metadata = m;
        sink.family(m);
      },
      sample(labels, value, timestamp, start, exemplar) {
        seen(labels);
        sink.sample(labels, value, timestamp, start, exemplar);
      },
      histogram(labels: SeriesLabels, h: HistogramSample, timestamp: number, start: number | undefined) {
        seen(labels);
        sink.histogram(labels, h, timestamp, start);
      },
      stale: (labels, timestamp) => sink.stale(labels, timestamp),
    };
  }

  /**
   * The series sent before and not in this collection (and, when `all`, every
   * series of this collection too: the app is stopping). Ends the collection:
   * the next one is compared with this one.
   */
  ended(all = false): EndedSeries[] {
    const ended: EndedSeries[] = [];
    for (const [key, series] of this.previous) if (!this.current.has(key)) ended.push(series);
    if (all) ended.push(...this.current.values());
    this.previous = all ? new Map() : this.current;
    this.current = new Map();
    return ended;
  }
}
