import type { EscapingScheme, LabelSet } from '../model';

export interface WriteOptions {
  /**
   * Registry-wide labels prepended to every series. A series that has a label
   * of the same name keeps its own value.
   */
  readonly defaultLabels?: LabelSet;
  /** How names outside the legacy character set are written (default `underscores`). */
  readonly escaping?: EscapingScheme;
}
