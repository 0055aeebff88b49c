import type { CapturedTrace } from '../core';

/** Where a finished request is recorded: the recorder that started it. */
export interface RequestRecorder {
  finish(
    measurement: RequestMeasurement,
    route: string | undefined,
    statusCode: number | undefined,
    responseBytes: number | undefined,
  ): void;
}

/**
 * Counts a request that is measured in flight and starts its measurement:
 * what a recorder's conventions decide when a request begins.
 */
export type OpenMeasurement = (
  method: string,
  trace: CapturedTrace | undefined,
  requestBytes: number | undefined,
  request: object | undefined,
) => RequestMeasurement;

/**
 * One request being measured, from its arrival until it ends or is taken
 * back. One object per request rather than closures over its start: a
 * server pays for every allocation on every request.
 */
export class RequestMeasurement {
  private ended = false;
  /**
   * What a framework adapter reads the route from when the exchange ends
   * (its request, reply or context). Kept here rather than on the response:
   * Express gives every request and response a map of its own, so each
   * property added to one builds a new map (over a microsecond a request).
   */
  exchangeSource: unknown = undefined;

  constructor(
    private readonly recorder: RequestRecorder,
    readonly method: string,
    readonly startedAt: number,
    readonly inFlight: { dec(): void },
    readonly trace: CapturedTrace | undefined,
    readonly requestBytes: number | undefined,
  ) {}

  /**
   * Records the request with its route template and status (undefined when
   * no response was sent); only the first call counts.
   */
  end(route: string | undefined, statusCode: number | undefined, responseBytes?: number): void {
    if (this.ended) return;
    this.ended = true;
    this.recorder.finish(this, route, statusCode, responseBytes);
  }

  /** Releases the in-flight count and records nothing, unless the request has already ended. */
  cancel(): void {
    if (this.ended) return;
    this.ended = true;
    this.inFlight.dec();
  }
}
