import { codePoints, EXEMPLAR_MAX_CODE_POINTS, type Exemplar, isLegacyLabelName } from '../model';
import { assertWellFormed } from './labels';
import { LabelError } from './validation';

export type ExemplarLabels = Record<string, string | number>;

/** Validates and copies exemplar labels; throws before anything is recorded. */
export function makeExemplar(metric: string, labels: ExemplarLabels, value: number): Exemplar {
  if (labels === null || typeof labels !== 'object') {
    throw new LabelError(`Metric "${metric}": exemplar labels must be an object`);
  }
  const copy: Record<string, string> = {};
  // Measured in the same pass: this runs on every observation that carries an exemplar.
  let length = 0;
  for (const name in labels) {
    // Exemplar labels keep to legacy names: every format writes them unquoted.
    if (!isLegacyLabelName(name)) {
      throw new LabelError(`Metric "${metric}": invalid exemplar label name "${name}"`);
    }
    const raw = labels[name];
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      throw new LabelError(`Metric "${metric}": exemplar label "${name}" must be a string or number`);
    }
    const text = String(raw);
    if (typeof raw === 'string') assertWellFormed(`Metric "${metric}": exemplar label "${name}"`, text);
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
