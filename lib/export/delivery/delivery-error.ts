import type { DeliveryAnswer } from './transport';

/** How much of a refusing receiver's body a message quotes. */
const QUOTED_BODY_CHARS = 512;

/**
 * A receiver refused a payload with an answer that is not retried (a 4xx
 * other than 429, say): the url, the status and the start of the receiver's
 * own message, which usually says what was wrong.
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  readonly status: number;
  readonly body: string;

  constructor(
    readonly url: string,
    readonly answer: DeliveryAnswer,
  ) {
    const body = answer.body.trim();
    const quoted = body.length > QUOTED_BODY_CHARS ? `${body.slice(0, QUOTED_BODY_CHARS)}…` : body;
    super(`POST ${url} answered ${answer.status}${quoted === '' ? ' with an empty body' : `: ${quoted}`}`);
    this.status = answer.status;
    this.body = answer.body;
  }
}
