import { headersProblem } from './http-headers';
import type { DeliveryAnswer } from './transport';

/** One encoded request body, ready to send, and how many samples it carries. */
export interface EncodedPayload {
  readonly body: Uint8Array | string;
  /** Samples (series points) in the body: what the queue limits and the counters count. */
  readonly samples: number;
  /** Headers of this payload (Content-Type, Content-Encoding, a protocol version), over the sender's own. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Anything the sender's own code needs again with the payload (what to
   * re-encode it from, in `resend`); kept as it is, not counted in the byte limit.
   */
  readonly context?: unknown;
}

/** How a payload ended. A delivery promise never rejects: it resolves with one of these. */
export type DeliveryResult =
  | {
      readonly outcome: 'delivered';
      /** The receiver's 2xx answer: its headers say, for instance, how much Remote Write 2.0 wrote. */
      readonly answer: DeliveryAnswer;
      /** What was delivered (a replacement from `resend`, if one was made); a string body comes back as its UTF-8 bytes. */
      readonly payload: EncodedPayload;
      readonly attempts: number;
    }
  | {
      readonly outcome: 'failed';
      /** A DeliveryError for a refusing answer. */
      readonly error: Error;
      readonly answer?: DeliveryAnswer;
      readonly payload: EncodedPayload;
      readonly attempts: number;
    }
  | {
      readonly outcome: 'dropped';
      /** Pushed out of a full queue, larger than the queue's limits, or still queued when the sender closed. */
      readonly reason: 'overflow' | 'too-large' | 'closed';
      readonly payload: EncodedPayload;
      readonly attempts: number;
    };

/**
 * Consulted for every answer outside 2xx before the retry policy: a payload
 * to send in the refused one's place at once (a Remote Write 2.0 payload
 * re-encoded as 1.0 after a 415), or undefined to let the policy decide.
 */
export type ResendHook = (
  answer: DeliveryAnswer,
  payload: EncodedPayload,
) => EncodedPayload | undefined | Promise<EncodedPayload | undefined>;

/** Why `payload` cannot be sent, or undefined when it can. */
export function payloadProblem(payload: EncodedPayload | undefined): string | undefined {
  const { body, samples, headers } = payload ?? ({} as Partial<EncodedPayload>);
  if (
    !(typeof body === 'string' || body instanceof Uint8Array) ||
    !(Number.isInteger(samples) && samples! >= 0)
  ) {
    return (
      'a payload must have a body (a Uint8Array or a string) and samples (a whole number, 0 or more); ' +
      `got body ${typeof body}, samples ${String(samples)}`
    );
  }
  const problem = headers === undefined ? undefined : headersProblem(headers);
  return problem === undefined ? undefined : `a payload's headers ${problem}`;
}
