import type { InfoFamily } from '../model';
import { labelValueToString } from './labels';
import { assertLabelNames } from './validation';

/** The OpenMetrics `target_info` family: facts about the target, exposed as `target_info{...} 1`. */
export function targetInfoFamily(labels: Record<string, string | number>): InfoFamily {
  const names = assertLabelNames('target_info', Object.keys(labels));
  return {
    name: 'target',
    help: 'Target metadata',
    type: 'info',
    points: [
      { labelNames: names, labelValues: names.map((n) => labelValueToString('target_info', n, labels[n])) },
    ],
  };
}
