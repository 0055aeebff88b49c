/**
 * What sends a registry's metrics somewhere on demand: `startRemoteWrite`'s
 * handle, `startOtlpPush`'s, or an app's own. `flush()` resolves true once
 * everything collected is delivered, false when it was not; the caller
 * bounds how long it waits.
 */
export interface MetricsPusher {
  flush(): Promise<boolean>;
}
