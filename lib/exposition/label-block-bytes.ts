import { type LabelSet, labelValueAt } from '../model';

/**
 * The bytes before each value of a label set with these names (`{a="`,
 * `",b="`, ...) and the length of the longest: computed once per names array,
 * which a metric's series share; the last one is kept at hand.
 */
interface Openers {
  readonly bytes: readonly Uint8Array[];
}

const openersCache = new WeakMap<readonly string[], Openers>();
let lastNames: readonly string[] | undefined;
let lastOpeners: Openers = { bytes: [] };

function openersOf(names: readonly string[]): Openers {
  if (names === lastNames) return lastOpeners;
  let openers = openersCache.get(names);
  if (openers === undefined) {
    openers = {
      bytes: names.map((name, i) => Buffer.from((i === 0 ? '{' : '",') + name + '="', 'latin1')),
    };
    openersCache.set(names, openers);
  }
  lastNames = names;
  lastOpeners = openers;
  return openers;
}

/** Bytes a label set's block takes at most when every value is written a byte a character: the room to ask for. */
export function plainLabelBlockRoom(labels: LabelSet): number {
  const names = labels.labelNames;
  if (names.length === 0) return 0;
  const openers = openersOf(names).bytes;
  let room = 2; // `"}`
  for (let i = 0; i < names.length; i++) room += openers[i].length + labelValueAt(labels, i).length;
  return room;
}

/**
 * Writes the `{a="x",b="y"}` block of a label set (nothing without labels)
 * into `bytes` at `at`, a byte a character, without building a string: a
 * million series' blocks built as strings were a million strings of garbage
 * for the collector. Returns where the block ends, or -1 when a value needs
 * more than plain ASCII (escaping, UTF-8): the caller writes that one from
 * its text. `bytes` has `plainLabelBlockRoom(labels)` bytes of room at `at`.
 */
export function writePlainLabelBlock(labels: LabelSet, bytes: Uint8Array, at: number): number {
  const names = labels.labelNames;
  if (names.length === 0) return at;
  const openers = openersOf(names).bytes;
  for (let i = 0; i < names.length; i++) {
    const opener = openers[i];
    for (let k = 0; k < opener.length; k++) bytes[at++] = opener[k];
    const value = labelValueAt(labels, i);
    for (let k = 0; k < value.length; k++) {
      const c = value.charCodeAt(k);
      // `"`, `\` and newline are escaped; above 0x7f a character takes more than a byte.
      if (c > 0x7f || c === 0x22 || c === 0x5c || c === 0x0a) return -1;
      bytes[at++] = c;
    }
  }
  bytes[at++] = 0x22; // '"'
  bytes[at++] = 0x7d; // '}'
  return at;
}
