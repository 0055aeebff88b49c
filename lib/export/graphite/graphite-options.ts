import type { Registry } from '../../core';
import { MetricConfigError, timerWait, warnDeprecatedOption } from '../../core';
import type { ExportLogger } from '../logger';

/** `GraphiteBridge`'s options: the Carbon server, the path prefix, the registry and the timeout. */
export interface GraphiteBridgeOptions {
  readonly host: string;
  /** Carbon's plaintext port; default 2003. */
  readonly port?: number;
  /** Prepended to every path as is (it may contain dots). */
  readonly prefix?: string;
  readonly registry?: Registry<any>;
  /** Connecting and sending must finish within this many seconds (default 30, as the Python client). */
  readonly timeoutSeconds?: number;
  /**
   * The same timeout in milliseconds.
   * @deprecated Use `timeoutSeconds`: every other duration promkit takes is in seconds.
   */
  readonly timeoutMs?: number;
  /** Where failed pushes under start() are reported; default console. */
  readonly logger?: ExportLogger;
}

const OWNER = 'GraphiteBridge';

export const DEFAULT_GRAPHITE_TIMEOUT_SECONDS = 30;

const timeoutSecondsRule = timerWait('seconds');
const timeoutMsRule = timerWait('milliseconds');

/**
 * The timeout `options` ask for, in milliseconds: `timeoutSeconds`, or the
 * deprecated `timeoutMs` (with a warning, once per process). Throws a
 * MetricConfigError naming the option when both are given or one is not a
 * positive number a timer can wait.
 */
export function graphiteTimeoutMs(options: GraphiteBridgeOptions): number {
  const { timeoutSeconds, timeoutMs } = options;
  if (timeoutMs === undefined) {
    if (timeoutSeconds === undefined) return DEFAULT_GRAPHITE_TIMEOUT_SECONDS * 1000;
    checkTimeout('timeoutSeconds', timeoutSeconds, timeoutSecondsRule);
    return timeoutSeconds * 1000;
  }
  if (timeoutSeconds !== undefined) {
    throw new MetricConfigError(
      `${OWNER}: give timeoutSeconds or the deprecated timeoutMs, not both (got timeoutSeconds ${timeoutSeconds} and timeoutMs ${timeoutMs})`,
    );
  }
  checkTimeout('timeoutMs', timeoutMs, timeoutMsRule);
  warnDeprecatedOption(OWNER, 'timeoutMs', `give timeoutSeconds: ${timeoutMs / 1000} instead`);
  return timeoutMs;
}

function checkTimeout(name: string, value: unknown, rule: typeof timeoutSecondsRule): void {
  const problem = rule.problem(value, name);
  if (problem !== undefined) throw new MetricConfigError(`${OWNER}: ${problem}`);
}
