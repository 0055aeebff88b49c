import { MetricConfigError } from '../validation';
import { closestName } from './did-you-mean';
import { isPlainObject, valueText, valueTextOf } from './value-text';

/**
 * What one option accepts, checked when an app starts: options typed in
 * TypeScript arrive from plain JavaScript, JSON and `any`-typed configuration
 * too, where a wrong value would otherwise be ignored or misread.
 */
export interface OptionRule {
  /** What is allowed, as an error message says it: "an integer from 0 to 65535". */
  readonly allowed: string;
  /** True when `value` is of the rule's kind (an object for a shape), even if not allowed: picks the alternative to explain. */
  accepts(value: unknown): boolean;
  /** Why `value`, found at `path`, is not allowed; undefined when it is. */
  problem(value: unknown, path: string): string | undefined;
}

function notAllowed(path: string, value: unknown, allowed: string): string {
  return `${path || 'the options'} must be ${allowed}, got ${valueTextOf(path.slice(path.lastIndexOf('.') + 1), value)}`;
}

/** A rule from a test of the value. */
export function valueRule(allowed: string, test: (value: unknown) => boolean): OptionRule {
  return {
    allowed,
    accepts: test,
    problem: (value, path) => (test(value) ? undefined : notAllowed(path, value, allowed)),
  };
}

export const anyString = valueRule('a string', (v) => typeof v === 'string');
export const nonEmptyString = valueRule('a non-empty string', (v) => typeof v === 'string' && v !== '');
export const anyBoolean = valueRule('a boolean', (v) => typeof v === 'boolean');
export const anyFunction = valueRule('a function', (v) => typeof v === 'function');

/** A finite number, from `min` up when given, whole when `integer`. */
export function numberRule(range: { min?: number; integer?: boolean } = {}): OptionRule {
  const { min, integer } = range;
  const kind = integer ? 'an integer' : 'a number';
  return valueRule(
    min === undefined ? kind : `${kind} of ${min} or more`,
    (v) =>
      typeof v === 'number' &&
      Number.isFinite(v) &&
      (!integer || Number.isInteger(v)) &&
      (min === undefined || v >= min),
  );
}

/** The longest a Node timer can wait, in ms: past it, `setTimeout` fires after 1 ms instead. */
const TIMER_LIMIT_MS = 2 ** 31 - 1;

/**
 * A time a timer waits, in `unit`: above 0 (from 0 with `orZero`) and at most
 * what `setTimeout` can wait, about 24.8 days. A longer interval or timeout
 * would not wait at all.
 */
export function timerWait(unit: 'seconds' | 'milliseconds', range: { orZero?: boolean } = {}): OptionRule {
  const unitMs = unit === 'seconds' ? 1000 : 1;
  const most = Math.floor(TIMER_LIMIT_MS / unitMs);
  const from = range.orZero ? `from 0 to ${most}` : `above 0, at most ${most}`;
  return valueRule(
    `a number of ${unit} ${from} (what a timer can wait)`,
    (v) => typeof v === 'number' && (range.orZero ? v >= 0 : v > 0) && v * unitMs <= TIMER_LIMIT_MS,
  );
}

/** One of a few literal values. */
export function oneOf(...values: readonly (string | number | boolean)[]): OptionRule {
  const texts = values.map((v) => valueText(v));
  const allowed = texts.length > 1 ? `${texts.slice(0, -1).join(', ')} or ${texts.at(-1)}` : texts.join('');
  return valueRule(allowed, (v) => values.includes(v as string));
}

/** An instance of a class (a subclass's instance too). */
export function instanceOf(cls: abstract new (...args: any[]) => unknown, allowed?: string): OptionRule {
  return valueRule(allowed ?? `a ${cls.name}`, (v) => v instanceof cls);
}

/** An array whose every item follows `item`. */
export function arrayOf(item: OptionRule): OptionRule {
  return {
    allowed: `an array, each ${item.allowed}`,
    accepts: Array.isArray,
    problem(value, path) {
      if (!Array.isArray(value)) return notAllowed(path, value, this.allowed);
      for (let i = 0; i < value.length; i++) {
        const problem = item.problem(value[i], `${path}[${i}]`);
        if (problem) return problem;
      }
      return undefined;
    },
  };
}

/** An object of any keys whose every value follows `item` (labels, say). */
export function recordOf(item: OptionRule): OptionRule {
  return {
    allowed: `an object whose values are each ${item.allowed}`,
    accepts: isPlainObject,
    problem(value, path) {
      if (!isPlainObject(value)) return notAllowed(path, value, this.allowed);
      for (const [key, field] of Object.entries(value)) {
        const problem = item.problem(field, `${path}.${key}`);
        if (problem) return problem;
      }
      return undefined;
    },
  };
}

/**
 * A value any of `rules` allows. When only one of them is of the value's
 * kind, its own finding is given: a misspelt key in an options object is
 * named, not just "must be true or an object".
 */
export function anyOf(...rules: readonly OptionRule[]): OptionRule {
  const allowed = rules.map((r) => r.allowed).join(' or ');
  return {
    allowed,
    accepts: (value) => rules.some((r) => r.accepts(value)),
    problem(value, path) {
      if (rules.some((r) => r.problem(value, path) === undefined)) return undefined;
      const ofKind = rules.filter((r) => r.accepts(value));
      return ofKind.length === 1 ? ofKind[0].problem(value, path) : notAllowed(path, value, allowed);
    },
  };
}

/** Every key an options object may have, each with its rule: a key left out here is a compile error. */
export type ShapeFields<T> = { readonly [K in keyof Required<T>]: OptionRule };

export interface ShapeOptions {
  /** How the shape reads in "must be ..." (default: an object with the known keys). */
  readonly allowed?: string;
  /** Why a key that belongs elsewhere is not taken here, instead of "unknown". */
  readonly misplaced?: Readonly<Record<string, string>>;
  /** A check across fields, after each field passed its own: the problem, or undefined. */
  readonly refine?: (value: Record<string, unknown>, path: string) => string | undefined;
}

/**
 * An options object: known keys only (a misspelt one is named with the key
 * it most likely meant), each value following its rule; undefined values
 * count as left out, as in TypeScript's optional fields.
 */
export function shape<T>(fields: ShapeFields<T>, options: ShapeOptions = {}): OptionRule {
  const known = Object.keys(fields);
  const rules = fields as Readonly<Record<string, OptionRule>>;
  return {
    allowed: options.allowed ?? `an object of ${known.join(', ')}`,
    accepts: isPlainObject,
    problem(value, path) {
      if (!isPlainObject(value)) return notAllowed(path, value, this.allowed);
      const at = (key: string) => (path ? `${path}.${key}` : key);
      for (const key of Object.keys(value)) {
        if (Object.hasOwn(rules, key)) continue;
        const misplaced = options.misplaced?.[key];
        if (misplaced) return `${at(key)} is not taken here: ${misplaced}`;
        const meant = closestName(key, known);
        const hint = meant ? `; did you mean "${at(meant)}"?` : '.';
        const list = `${path ? `The options of ${path}` : 'The options'} are: ${known.join(', ')}`;
        return `unknown option "${at(key)}" (${valueTextOf(key, value[key])})${hint} ${list}`;
      }
      for (const key of known) {
        if (value[key] === undefined) continue;
        const problem = rules[key].problem(value[key], at(key));
        if (problem) return problem;
      }
      return options.refine?.(value, path);
    },
  };
}

/** Throws a MetricConfigError naming `owner` when `value` breaks `rule`; returns the value, now known to be allowed. */
export function checkOptions<T>(owner: string, rule: OptionRule, value: unknown): T {
  const problem = rule.problem(value, '');
  if (problem !== undefined) throw new MetricConfigError(`${owner}: ${problem}`);
  return value as T;
}
