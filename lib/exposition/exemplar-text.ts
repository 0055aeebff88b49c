import {
  EXEMPLAR_MAX_CODE_POINTS,
  type Exemplar,
  exemplarLabelsLength,
  formatNumber,
  isLegacyLabelName,
} from '../model';
import { escapeLabelValue } from './escape';
import { formatTimestampSeconds } from './format-timestamp';

/**
 * The ` # {labels} value timestamp?` suffix of a sample line, or '' when there
 * is no exemplar or it is invalid. Core validates exemplars when they are
 * recorded; this is the last line of defence, because one bad exemplar would
 * make a strict parser reject the whole scrape. Dropping it loses only the
 * exemplar.
 */
export function exemplarSuffix(exemplar: Exemplar | undefined): string {
  if (exemplar === undefined) return '';
  const labels = exemplar.labels;
  let text = '';
  let units = 0;
  for (const name in labels) {
    const value = labels[name];
    if (typeof value !== 'string' || !isLegacyLabelName(name)) return '';
    units += name.length + value.length;
    if (text !== '') text += ',';
    text += name + '="' + escapeLabelValue(value) + '"';
  }
  // UTF-16 length is an upper bound on code points; count exactly only when it could matter.
  if (units > EXEMPLAR_MAX_CODE_POINTS && exemplarLabelsLength(labels) > EXEMPLAR_MAX_CODE_POINTS) return '';
  let out = ' # {' + text + '} ' + formatNumber(exemplar.value);
  if (exemplar.timestamp !== undefined) out += ' ' + formatTimestampSeconds(exemplar.timestamp);
  return out;
}
