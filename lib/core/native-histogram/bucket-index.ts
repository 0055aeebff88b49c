import { MAX_SCHEMA, MIN_SCHEMA, octaveBound } from './bucket-bounds';

/**
 * Maps a positive value to its native-histogram bucket index without
 * floating-point logarithms: the exponent bits give the octave, and the top
 * mantissa bits pick a cell that holds at most one boundary, so one integer
 * comparison of mantissas settles the index. Exact for every double.
 */

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
scratch[0] = 1;
/** Which 32-bit word holds the sign, exponent and top of the mantissa (platform endianness). */
const HI = words[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

/** Above any 20-bit mantissa word: marks a cell without a boundary. */
const NO_BOUNDARY = 0x100000;
const TWO_TO_64 = 2 ** 64;

/** Per-schema tables for `bucketIndex`; build once with `indexLookup`. */
export interface IndexLookup {
  readonly schema: number;
  /** Shift that leaves the top `schema + 1` mantissa bits of the high word (positive schemas). */
  readonly cellShift: number;
  /** Boundaries of the octave that lie below each cell. */
  readonly below: Uint16Array;
  /** The boundary inside each cell, as high and low mantissa words (NO_BOUNDARY if none). */
  readonly boundHi: Int32Array;
  readonly boundLo: Uint32Array;
  /** The index of the largest finite double; +Inf goes one above it. */
  readonly maxFiniteIndex: number;
}

const lookups: (IndexLookup | undefined)[] = [];

export function indexLookup(schema: number): IndexLookup {
  if (!Number.isInteger(schema) || schema < MIN_SCHEMA || schema > MAX_SCHEMA) {
    throw new RangeError(`native histogram schema must be an integer from ${MIN_SCHEMA} to ${MAX_SCHEMA}`);
  }
  const slot = schema - MIN_SCHEMA;
  let lookup = lookups[slot];
  if (lookup === undefined) lookups[slot] = lookup = buildLookup(schema);
  return lookup;
}

function buildLookup(schema: number): IndexLookup {
  if (schema <= 0) {
    const partial = {
      schema,
      cellShift: 0,
      below: new Uint16Array(0),
      boundHi: new Int32Array(0),
      boundLo: new Uint32Array(0),
      maxFiniteIndex: 0,
    };
    return { ...partial, maxFiniteIndex: bucketIndex(Number.MAX_VALUE, partial) };
  }
  const n = 1 << schema;
  const cellBits = schema + 1;
  const cells = 1 << cellBits;
  const below = new Uint16Array(cells);
  const boundHi = new Int32Array(cells).fill(NO_BOUNDARY);
  const boundLo = new Uint32Array(cells);
  const cellOf = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    scratch[0] = octaveBound(j, schema);
    const hi = words[HI] & 0xfffff;
    const cell = hi >>> (20 - cellBits);
    // Neighbouring boundaries in [1, 2) are more than 2^-schema * ln 2 apart and
    // cells are 2^-(schema + 1) wide, so no cell can hold two.
    if (boundHi[cell] !== NO_BOUNDARY) throw new Error(`two boundaries in one cell at schema ${schema}`);
    boundHi[cell] = hi;
    boundLo[cell] = words[LO];
    cellOf[j] = cell;
  }
  for (let c = 0, j = 0; c < cells; c++) {
    while (j < n && cellOf[j] < c) j++;
    below[c] = j;
  }
  const partial = { schema, cellShift: 20 - cellBits, below, boundHi, boundLo, maxFiniteIndex: 0 };
  return { ...partial, maxFiniteIndex: bucketIndex(Number.MAX_VALUE, partial) };
}

/**
 * The bucket of a positive value `v` (not NaN): the smallest `i` with
 * v <= 2^(i / 2^schema). Negative observations use the bucket of `-v`.
 */
export function bucketIndex(v: number, lookup: IndexLookup): number {
  scratch[0] = v;
  let hi = words[HI];
  let biased = hi >>> 20;
  if (biased === 0x7ff) return lookup.maxFiniteIndex + 1; // +Inf
  if (biased === 0) {
    // Subnormal: scale into the normal range (exact), then undo the scaling.
    scratch[0] = v * TWO_TO_64;
    hi = words[HI];
    biased = (hi >>> 20) - 64;
  }
  const exponent = biased - 1023; // v = 1.mantissa * 2^exponent
  const mantissaHi = hi & 0xfffff;
  const lo = words[LO];
  const schema = lookup.schema;
  if (schema <= 0) {
    const octaveIndex = mantissaHi === 0 && lo === 0 ? exponent : exponent + 1;
    const shift = -schema;
    // Ceiling division by 2^shift, also for negative indexes.
    return (octaveIndex + (1 << shift) - 1) >> shift;
  }
  const cell = mantissaHi >>> lookup.cellShift;
  const boundHi = lookup.boundHi[cell];
  let j = lookup.below[cell];
  if (mantissaHi > boundHi || (mantissaHi === boundHi && lo > lookup.boundLo[cell])) j++;
  return (exponent << schema) + j;
}
