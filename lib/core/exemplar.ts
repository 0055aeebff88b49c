import { codePoints, EXEMPLAR_MAX_CODE_POINTS } from '../exposition/exemplar-text';
import type { Exemplar } from '../model';
import { isLabelName, LabelError } from './validation';

export type ExemplarLabels = Record<string, string | number>;

/** Validates and copies exemplar labels; throws before anything is recorded. */
export function makeExemplar(metric: string, labels: ExemplarLabels, value: number): Exemplar {
  if (labels === null || typeof labels !== 'object') {
    throw new LabelError(`Metric "${metric}": exemplar labels must be an object`);
  }
  const copy: Record<string, string> = {};
  let length = 0;
  for (const name in labels) {
    if (!isLabelName(name)) {
      throw new LabelError(`Metric "${metric}": invalid exemplar label name "${name}"`);
    }
    const raw = labels[name];
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      throw new LabelError(`Metric "${metric}": exemplar label "${name}" must be a string or number`);
    }
    const text = String(raw);
    length += codePoints(name) + codePoints(text);
    copy[name] = text;
  }
  if (length > EXEMPLAR_MAX_CODE_POINTS) {
    throw new LabelError(
      `Metric "${metric}": exemplar labels are ${length} code points long; OpenMetrics allows at most ${EXEMPLAR_MAX_CODE_POINTS}`,
    );
  }
  return { labels: copy, value, timestamp: Date.now() };
}
