import { DDSketch, type SketchOptions } from './ddsketch';

/**
 * Quantiles over the last `maxAgeSeconds`, kept as `ageBuckets` sketches that
 * each cover one slice of the window. Observations go to the newest slice only;
 * a read merges the live slices, so the window covers between
 * (ageBuckets - 1) / ageBuckets and all of maxAgeSeconds.
 */
export class SlidingWindowSketch {
  private readonly slices: DDSketch[];
  private readonly sliceMs: number;
  private current = 0;
  private rotateAt: number;
  private readonly scratch: DDSketch;

  constructor(maxAgeSeconds: number, ageBuckets: number, options: SketchOptions = {}) {
    this.slices = Array.from({ length: ageBuckets }, () => new DDSketch(options));
    this.scratch = new DDSketch(options);
    this.sliceMs = (maxAgeSeconds * 1000) / ageBuckets;
    this.rotateAt = Date.now() + this.sliceMs;
  }

  add(value: number): void {
    const t = Date.now();
    if (t >= this.rotateAt) this.rotate(t);
    this.slices[this.current].add(value);
  }

  quantiles(qs: readonly number[]): number[] {
    return this.window().quantiles(qs);
  }

  /** The live slices merged into one sketch; valid until the next call. */
  window(): DDSketch {
    this.rotate(Date.now());
    const merged = this.scratch;
    merged.clear();
    for (const slice of this.slices) merged.merge(slice);
    return merged;
  }

  clear(): void {
    for (const slice of this.slices) slice.clear();
    this.rotateAt = Date.now() + this.sliceMs;
  }

  private rotate(t: number): void {
    if (t < this.rotateAt) return;
    const elapsed = Math.floor((t - this.rotateAt) / this.sliceMs) + 1;
    const steps = Math.min(elapsed, this.slices.length);
    for (let i = 0; i < steps; i++) {
      this.current = (this.current + 1) % this.slices.length;
      this.slices[this.current].clear();
    }
    this.rotateAt += elapsed * this.sliceMs;
  }
}

/** The same interface without a window: quantiles over everything observed. */
export class CumulativeSketch {
  private readonly sketch: DDSketch;

  constructor(options: SketchOptions = {}) {
    this.sketch = new DDSketch(options);
  }

  add(value: number): void {
    this.sketch.add(value);
  }

  quantiles(qs: readonly number[]): number[] {
    return this.sketch.quantiles(qs);
  }

  window(): DDSketch {
    return this.sketch;
  }

  clear(): void {
    this.sketch.clear();
  }
}
