/** What a family declares of its OpenTelemetry names (see `MetricFamily.otlpName`). */
export interface OtlpNames {
  readonly otlpName?: string;
  readonly otlpAttributeNames?: Readonly<Record<string, string>>;
}

/**
 * The OpenTelemetry names of a family, entry or definition, carried across
 * processes so that OTLP pushes of the merged view send them as the process
 * that declared the metric would; no fields when it has none.
 */
export function otlpNamesOf(from: OtlpNames): OtlpNames {
  if (from.otlpName === undefined) return {};
  return from.otlpAttributeNames === undefined
    ? { otlpName: from.otlpName }
    : { otlpName: from.otlpName, otlpAttributeNames: from.otlpAttributeNames };
}
