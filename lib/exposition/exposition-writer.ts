import type { MetricFamily } from '../model';
import type { WriteOptions } from './write-options';

/**
 * One scrape's exposition, written piece by piece so that a renderer can yield
 * to the event loop between pieces, even inside one large family. Writers read
 * the families they are given and nothing else: a new format is a new writer,
 * never a change to a metric class.
 */
export interface ExpositionWriter<Body> {
  /** Points `from` to `to` (exclusive) of a family; the piece that starts at 0 carries its header. */
  write(family: MetricFamily, from: number, to: number): void;
  /** The finished exposition, trailer included. */
  end(): Body;
}

/** A format's content type and a fresh writer for each scrape. */
export interface FormatWriter<Body = string | Uint8Array> {
  readonly contentType: string;
  open(options?: WriteOptions): ExpositionWriter<Body>;
  /** The same exposition as the bytes a response sends (UTF-8 for the text formats). */
  openBytes(options?: WriteOptions): ExpositionWriter<Uint8Array>;
}
