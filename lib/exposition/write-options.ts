import type { EscapingScheme, LabelSet } from '../model';

/** Options of the exposition writers: registry-wide labels, name escaping, `_created` samples. */
export interface WriteOptions {
  /**
   * Registry-wide labels added to every series, where prom-client writes them.
   * A series that has a label of the same name keeps its own value.
   */
  readonly defaultLabels?: LabelSet;
  /** How names outside the legacy character set are written (default `underscores`). */
  readonly escaping?: EscapingScheme;
  /**
   * OpenMetrics only: write `_created` samples for counters, histograms and
   * summaries. Off by default, as in prom-client and client_golang.
   */
  readonly created?: boolean;
  /**
   * About how many bytes the exposition will take (the previous one's size):
   * a writer of bytes sizes its buffer by it rather than growing into it.
   */
  readonly sizeHint?: number;
}
