import { type PartialValues, valuesFromObject, valuesFromPositional } from './labels';
import type { SeriesAdmission } from './policy/label-admission';
import { RewrittenSeries } from './policy/rewritten-series';
import type { Series } from './series';
import type { SeriesColumn } from './series-column';
import { SeriesExpiry } from './series-expiry';
import { DEFAULT_MAX_SERIES } from './series-limit';

/**
 * A trie level: label value -> next level, `undefined` keying the series
 * without that label. A series may stand in place of a whole subtree while it
 * is the only one below a prefix: most prefixes have a single series, and a
 * Map per series would triple its memory.
 */
class Level<C> extends Map<string | undefined, Level<C> | C> {
  /**
   * The label value this level is under, as first stored. New series reuse
   * it: label values are often built per call (`String(status)`), and a copy
   * per series would be most of a series' strings.
   */
  constructor(readonly key: string | undefined) {
    super();
  }
}

/** The label the overflow series shows, and its value. */
export const OVERFLOW_LABEL = 'promkit_overflow';
const OVERFLOW_NAMES: readonly string[] = [OVERFLOW_LABEL];

const hasOwn = Object.prototype.hasOwnProperty;

export interface SeriesStoreOptions<C> {
  metric: string;
  labelNames: readonly string[];
  /** A new series showing these labels: all declared names, or the present ones of a partial set. */
  create(labelValues: string[], labelNames: readonly string[]): C;
  /** Where series showing all declared labels keep their labels and number while stored (see `Series.slot`). */
  column: SeriesColumn;
  /** A missing label is an error rather than absent from the series. */
  strict: boolean;
  /** Label sets stored at most; past it, new ones go to one overflow series. */
  maxSeries: number;
  /** Told each time a call's label set goes to the overflow series. */
  onOverflow(): void;
  /** Drop series not updated for this long (seconds), with `updates` naming the series' update methods. */
  ttl?: { seconds: number; updates: readonly string[] };
  /** The policy's say on a new series: the values to store it under, or none for the overflow series. */
  admit?: SeriesAdmission;
}

/**
 * Holds the series (children) of one metric. Lookups walk a trie keyed by each
 * label value in declaration order: no key string is built, so a hit allocates
 * nothing, and values containing any character cannot collide.
 *
 * A call resolves its series in up to three steps, each handling what the
 * one before cannot:
 * 1. `fromObject`: the caller's own keys in declaration order, all present,
 *    strings or numbers; the trie is walked while the keys are read.
 * 2. `fromAnyOrder`: keys in any order, labels left out; the values are
 *    gathered first, then looked up. Neither step allocates on a hit.
 * 3. `resolve`: full validation with errors naming the label, then the
 *    series is found or created.
 * Only values that passed step 3 are ever stored, so a hit in steps 1 or 2
 * needs no check beyond the value's type.
 */
export class SeriesStore<C extends Series> {
  private root: Level<C> | C | undefined = undefined;
  private list: C[] = [];
  private overflowSeries: C | undefined = undefined;
  private readonly metric: string;
  private readonly labelNames: readonly string[];
  private readonly depth: number;
  private readonly strict: boolean;
  private readonly maxSeries: number;
  private readonly options: SeriesStoreOptions<C>;
  /** Label values of the call being resolved, in declaration order; reused to avoid allocation. */
  private readonly scratch: PartialValues;
  /** Names shown by partial label sets, one shared array per combination of present labels. */
  private readonly partialNames = new Map<string, readonly string[]>();
  private readonly expiry: SeriesExpiry<C> | undefined;
  /** Under a policy, the series of label values it rewrote, by the values as called. */
  private readonly rewritten: RewrittenSeries<C> | undefined;
  private readonly column: SeriesColumn;

  constructor(options: SeriesStoreOptions<C>) {
    this.options = options;
    this.column = options.column;
    this.metric = options.metric;
    this.labelNames = options.labelNames;
    this.depth = options.labelNames.length;
    this.strict = options.strict;
    this.maxSeries = options.maxSeries;
    this.scratch = new Array(this.depth).fill(undefined);
    const ttl = options.ttl;
    this.expiry =
      ttl === undefined || this.depth === 0
        ? undefined
        : new SeriesExpiry<C>(ttl.seconds, ttl.updates, (series) => this.revive(series));
    this.rewritten =
      options.admit &&
      new RewrittenSeries<C>(
        this.depth,
        Number.isFinite(this.maxSeries) ? this.maxSeries : DEFAULT_MAX_SERIES,
      );
  }

  /** Series in creation order, for exposition. */
  get children(): readonly C[] {
    return this.list;
  }

  /** Stored label sets, not counting the overflow series. */
  get size(): number {
    return this.overflowSeries === undefined ? this.list.length : this.list.length - 1;
  }

  fromObject(labels: Record<string, unknown>): C {
    const names = this.labelNames;
    let node: Level<C> | C | undefined = this.root;
    let i = 0;
    // for-in reads through V8's enum cache, and V8 proves the own-key check true from it.
    for (const name in labels) {
      if (name !== names[i] || !hasOwn.call(labels, name)) return this.fromAnyOrder(labels);
      let value = labels[name];
      if (typeof value !== 'string') {
        if (typeof value !== 'number') return this.fromAnyOrder(labels);
        value = String(value);
      }
      if (node instanceof Level) node = node.get(value as string);
      else if (node === undefined || this.valueAt(node, i) !== value) return this.missed(labels);
      i++;
    }
    // After one step per label, what is left is a series or nothing: the trie is that deep.
    if (i === this.depth && node !== undefined) return node as C;
    return this.missed(labels);
  }

  /** Labels not stored as given: under a policy, perhaps values it rewrote before. */
  private missed(labels: Record<string, unknown>): C {
    return this.rewritten?.fromObject(labels, this.labelNames) ?? this.fromAnyOrder(labels);
  }

  private fromAnyOrder(labels: Record<string, unknown>): C {
    if (labels !== null && typeof labels === 'object') {
      const names = this.labelNames;
      const values = this.scratch.fill(undefined);
      let present = 0;
      for (const name in labels) {
        const index = names.indexOf(name);
        if (index < 0 || !hasOwn.call(labels, name)) return this.resolveObject(labels);
        let value = labels[name];
        if (value === undefined) continue;
        if (typeof value !== 'string') {
          if (typeof value !== 'number') return this.resolveObject(labels);
          value = String(value);
        }
        values[index] = value as string;
        present++;
      }
      if (present === this.depth || !this.strict) {
        const found = this.lookup(values) ?? this.rewritten?.get(values);
        if (found !== undefined) return found;
      }
    }
    return this.resolveObject(labels);
  }

  private resolveObject(labels: unknown): C {
    return this.resolve(valuesFromObject(this.metric, this.labelNames, labels, this.strict));
  }

  fromPositional(values: readonly unknown[]): C {
    if (values.length === this.depth) {
      let node: Level<C> | C | undefined = this.root;
      for (let i = 0; i < values.length && node !== undefined; i++) {
        let value = values[i];
        if (typeof value !== 'string') {
          if (typeof value !== 'number') break;
          value = String(value);
        }
        if (node instanceof Level) node = node.get(value as string);
        else if (this.valueAt(node, i) !== value) node = undefined;
        if (i === values.length - 1 && node !== undefined) return node as C;
      }
    }
    const rewritten = this.rewritten?.fromPositional(values);
    if (rewritten !== undefined) return rewritten;
    return this.resolve(valuesFromPositional(this.metric, this.labelNames, values, this.strict));
  }

  /**
   * Value `i` of a series the trie holds, read where the series keeps it:
   * `labelValues` of a series in the column is a new array each time.
   */
  private valueAt(series: C, i: number): string | undefined {
    const slot = series.slot;
    if (typeof slot === 'number') return this.column.at(slot, i);
    return slot === undefined ? series.labelValues[i] : slot.labelValues[i];
  }

  private lookup(values: PartialValues): C | undefined {
    let node: Level<C> | C | undefined = this.root;
    for (let i = 0; i < this.depth && node !== undefined; i++) {
      if (node instanceof Level) node = node.get(values[i]);
      else if (this.valueAt(node, i) !== values[i]) return undefined;
    }
    return node as C | undefined;
  }

  /** The series for validated values (`undefined` where a label is absent), created on first use. */
  resolve(values: PartialValues): C {
    const found = this.lookup(values) ?? this.rewritten?.get(values);
    if (found !== undefined) return found;
    const admit = this.options.admit;
    return admit === undefined ? this.add(values) : this.addAdmitted(admit, values);
  }

  /**
   * Values the policy rewrites are looked up again as rewritten, so they share
   * the series stored under those; the series is remembered under the values
   * as given, so the next such call finds it without the rules.
   */
  private addAdmitted(admit: SeriesAdmission, given: PartialValues): C {
    const values = admit(given);
    if (values === undefined) return this.overflow();
    const series = this.lookup(values) ?? this.add(values);
    if (series !== this.overflowSeries && values.some((v, i) => v !== given[i])) {
      this.rewritten?.remember(given, series);
    }
    return series;
  }

  private add(values: PartialValues): C {
    if (this.size >= this.maxSeries) {
      // Stale series may be what fills the store.
      this.sweep(Date.now());
      if (this.size >= this.maxSeries) return this.overflow();
    }
    this.reuseStoredValues(values);
    const child = this.createSeries(values);
    this.insert(values, child);
    this.list.push(child);
    this.moveToColumn(child);
    return child;
  }

  /** A series showing all declared labels keeps its labels and number in the column while stored. */
  private moveToColumn(series: C): void {
    const slot = series.slot;
    if (typeof slot === 'object' && this.isComplete(series)) series.slot = this.column.store(slot);
  }

  /**
   * A series leaving the store takes its values back from the column: the app
   * may hold it (a child from `labels()`), and a scrape may still be writing it.
   */
  private moveOutOfColumn(series: C): void {
    const slot = series.slot;
    if (typeof slot === 'number') series.slot = this.column.release(slot);
  }

  private createSeries(values: PartialValues): C {
    const series = this.createShowing(values);
    return this.expiry === undefined ? series : this.expiry.track(series);
  }

  private createShowing(values: PartialValues): C {
    if (!values.includes(undefined)) return this.options.create(values as string[], this.labelNames);
    const present: string[] = [];
    let key = '';
    for (let i = 0; i < values.length; i++) {
      if (values[i] === undefined) continue;
      present.push(values[i] as string);
      key += `${i},`;
    }
    let names = this.partialNames.get(key);
    if (names === undefined) {
      names = this.labelNames.filter((_, i) => values[i] !== undefined);
      this.partialNames.set(key, names);
    }
    return this.options.create(present, names);
  }

  private overflow(): C {
    if (this.overflowSeries === undefined) {
      const series = this.options.create(['true'], OVERFLOW_NAMES);
      this.overflowSeries = this.expiry === undefined ? series : this.expiry.track(series);
      this.list.push(this.overflowSeries);
    }
    this.options.onOverflow();
    return this.overflowSeries;
  }

  /** A series shows all declared labels, so it can stand in for a subtree and be compared by position. */
  private isComplete(series: C): boolean {
    // Only partial label sets and the overflow series show names of their own.
    return series.labelNames === this.labelNames;
  }

  private insert(values: PartialValues, child: C): void {
    const depth = this.depth;
    const complete = this.isComplete(child);
    if (this.root === undefined && (complete || depth === 0)) {
      this.root = child;
      return;
    }
    if (!(this.root instanceof Level)) this.root = this.pushDown(this.root, 0);
    let node: Level<C> = this.root;
    for (let i = 0; i < depth - 1; i++) {
      const next: Level<C> | C | undefined = node.get(values[i]);
      if (next === undefined && complete) {
        node.set(values[i], child);
        return;
      }
      let level: Level<C>;
      if (next === undefined) level = new Level(values[i]);
      else if (next instanceof Level) level = next;
      else level = this.pushDown(next, i + 1);
      if (level !== next) node.set(values[i], level);
      node = level;
    }
    node.set(values[depth - 1], child);
  }

  /** A lone series that must share its place at `level`: a level holding just it, keyed by its value there. */
  private pushDown(lone: C | undefined, level: number): Level<C> {
    const map = new Level<C>(level === 0 || lone === undefined ? undefined : this.valueAt(lone, level - 1));
    if (lone !== undefined) map.set(this.valueAt(lone, level), lone);
    return map;
  }

  /** Replaces values equal to ones already stored on the path to them by the stored strings. */
  private reuseStoredValues(values: PartialValues): void {
    let node: Level<C> | C | undefined = this.root;
    for (let i = 0; i < this.depth && node !== undefined; i++) {
      if (node instanceof Level) {
        node = node.get(values[i]);
        if (node instanceof Level) values[i] = node.key;
        else if (node !== undefined && this.isComplete(node)) values[i] = this.valueAt(node, i);
      } else {
        const stored = this.valueAt(node, i);
        if (stored !== values[i]) return;
        values[i] = stored;
      }
    }
  }

  find(values: PartialValues): C | undefined {
    return this.lookup(values);
  }

  remove(values: PartialValues): boolean {
    const child = this.lookup(values);
    if (child === undefined) return false;
    this.root = this.without(this.root, values, 0);
    this.list.splice(this.list.indexOf(child), 1);
    this.moveOutOfColumn(child);
    this.rewritten?.forget();
    return true;
  }

  /**
   * The subtree `node` without the series at `values`: emptied levels are
   * dropped and a level left with one complete series collapses back to it,
   * so removed series free their memory.
   */
  private without(
    node: Level<C> | C | undefined,
    values: PartialValues,
    level: number,
  ): Level<C> | C | undefined {
    if (!(node instanceof Level)) return undefined;
    const key = values[level];
    const next = node.get(key);
    const rest = level === this.depth - 1 ? undefined : this.without(next, values, level + 1);
    if (rest === undefined) node.delete(key);
    else if (rest !== next) node.set(key, rest);
    if (node.size === 0) return undefined;
    if (node.size === 1) {
      const only = node.values().next().value as Level<C> | C;
      if (!(only instanceof Level) && this.isComplete(only)) return only;
    }
    return node;
  }

  /**
   * With a TTL, drops the series that have gone it without an update (at a
   * scrape, `now` in ms). The list is replaced, not changed in place, so a
   * scrape still writing the previous one is not disturbed.
   */
  sweep(now: number): void {
    const expiry = this.expiry;
    if (expiry === undefined) return;
    const list = this.list;
    let kept: C[] | undefined;
    for (let i = 0; i < list.length; i++) {
      const series = list[i];
      if (series === this.overflowSeries || !expiry.isStale(series, now)) {
        kept?.push(series);
        continue;
      }
      kept ??= list.slice(0, i);
      this.root = this.without(this.root, this.positionalValues(series), 0);
      this.moveOutOfColumn(series);
      expiry.expire(series);
    }
    if (kept !== undefined) {
      this.list = kept;
      this.rewritten?.forget();
    }
  }

  /** The live series for a dropped one's label set; the dropped one is stored again if there is none. */
  private revive(series: C): C {
    const values = this.positionalValues(series);
    const current = this.lookup(values);
    if (current !== undefined) return current;
    if (this.size >= this.maxSeries) return this.overflow();
    this.insert(values, series);
    this.list.push(series);
    this.moveToColumn(series);
    return series;
  }

  /** A series' values by declared position, `undefined` for labels it does not show. */
  private positionalValues(series: C): PartialValues {
    if (series.labelNames === this.labelNames) return series.labelValues as string[];
    return this.labelNames.map((name) => {
      const index = series.labelNames.indexOf(name);
      return index < 0 ? undefined : series.labelValues[index];
    });
  }

  clear(): void {
    for (const series of this.list) this.moveOutOfColumn(series);
    this.column.clear();
    this.root = undefined;
    this.list = [];
    this.overflowSeries = undefined;
    this.rewritten?.forget();
  }

  /** Validated values of a `labels`/`remove` argument: an object, or positional values. */
  labelValuesOf(labels: unknown): PartialValues {
    return Array.isArray(labels)
      ? valuesFromPositional(this.metric, this.labelNames, labels, this.strict)
      : valuesFromObject(this.metric, this.labelNames, labels, this.strict);
  }
}
