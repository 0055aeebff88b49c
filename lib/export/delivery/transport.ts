/** One POST of an encoded payload. */
export interface DeliveryRequest {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** The whole exchange must end within this many milliseconds. */
  readonly timeoutMs: number;
}

/** What the receiver answered. */
export interface DeliveryAnswer {
  readonly status: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The start of the body (at most ANSWER_BODY_BYTES) as UTF-8 text, for error messages. */
  readonly body: string;
  /** The same bytes as they came, for a binary answer (an OTLP protobuf partial success). */
  readonly bytes: Uint8Array;
}

/**
 * Sends one request and resolves with any answer, whatever its status;
 * rejects only when there was no answer (connection refused or closed, the
 * deadline passed).
 */
export interface DeliveryTransport {
  send(request: DeliveryRequest): Promise<DeliveryAnswer>;
}

/** A receiver's body is read this far, enough to tell why it refused a payload. */
export const ANSWER_BODY_BYTES = 64 * 1024;
