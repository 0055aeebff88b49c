import type { FormatWriter } from './exposition-writer';
import type { ExpositionFormat, TextExpositionFormat } from './negotiate';
import { OPENMETRICS_WRITER } from './openmetrics-format';
import { PROTOBUF_WRITER } from './protobuf/protobuf-format';
import { TEXT_WRITER } from './text-format';

/** The writer of each exposition format. A format is added here and nowhere else. */
export interface FormatWriters {
  readonly text: FormatWriter<string>;
  readonly openmetrics: FormatWriter<string>;
  readonly protobuf: FormatWriter<Uint8Array>;
}

const WRITERS: FormatWriters = {
  text: TEXT_WRITER,
  openmetrics: OPENMETRICS_WRITER,
  protobuf: PROTOBUF_WRITER,
};

/** The writer for a format; an unknown format is an error rather than a silent fallback. */
export function writerFor<F extends ExpositionFormat>(format: F): FormatWriters[F] {
  const writer = Object.hasOwn(WRITERS, format) ? WRITERS[format] : undefined;
  if (writer === undefined) {
    throw new TypeError(
      `Unknown exposition format ${JSON.stringify(format)} (known: ${Object.keys(WRITERS).join(', ')})`,
    );
  }
  return writer;
}

/**
 * The text format a registry's content type names (prom-client's
 * `contentType`), read from the writers' own content types; undefined for any
 * other content type, protobuf's included (a registry's `metrics()` answers
 * with a string).
 */
export function textFormatOf(contentType: string): TextExpositionFormat | undefined {
  if (contentType === WRITERS.text.contentType) return 'text';
  if (contentType === WRITERS.openmetrics.contentType) return 'openmetrics';
  return undefined;
}
