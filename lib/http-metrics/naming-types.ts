/** One of the recorder's metrics as it is declared. */
export interface HttpMetricName {
  readonly name: string;
  readonly help: string;
  /** Declared only by conventions whose names carry it (`seconds` for `..._seconds`). */
  readonly unit?: string;
  /** The OpenTelemetry name OTLP pushes send, for conventions that have one. */
  readonly otlpName?: string;
  /** The OpenTelemetry attribute names OTLP pushes send its labels under, where they differ. */
  readonly otlpAttributeNames?: Readonly<Record<string, string>>;
}

/**
 * What the chosen conventions call the recorder's metrics and labels, decided
 * once when the recorder is made: requests are recorded the same way whatever
 * the names.
 */
export interface HttpMetricNaming {
  readonly conventions: 'prometheus' | 'opentelemetry';
  readonly duration: HttpMetricName;
  readonly inFlight: HttpMetricName;
  readonly requestSize: HttpMetricName;
  readonly responseSize: HttpMetricName;
  /** The labels of the duration and size histograms, in the order their values are given. */
  readonly labelNames: readonly string[];
  /** The labels of the in-flight gauge. */
  readonly inFlightLabelNames: readonly string[];
  /** Duration buckets when none are given; undefined for the histogram's default. */
  readonly durationBuckets: number[] | undefined;
  /** The route label of requests no route matched, when `unmatchedRoute` is not given. */
  readonly unmatchedRoute: string;
}
