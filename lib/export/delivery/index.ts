export { chooseTransport, type TransportChoice } from './choose-transport';
export { DeliveryError } from './delivery-error';
export { urlLabel } from './delivery-metrics';
export { FetchTransport } from './fetch-transport';
export type { DeliveryResult, EncodedPayload, ResendHook } from './payload';
export {
  type Collected,
  DEFAULT_STOP_TIMEOUT_MS,
  type PushLoop,
  type PushLoopOptions,
  startPushLoop,
} from './push-loop';
export { PushSender } from './push-sender';
export {
  DEFAULT_MAX_PENDING_BYTES,
  DEFAULT_MAX_PENDING_SAMPLES,
  DEFAULT_TIMEOUT_MS,
  type PushSenderOptions,
} from './push-sender-options';
export {
  backoffMs,
  DEFAULT_MAX_BACKOFF_MS,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_MIN_BACKOFF_MS,
  otlpRetryableStatus,
  type RetryableStatus,
  remoteWriteRetryableStatus,
  retryAfterMs,
} from './retry-policy';
export {
  ANSWER_BODY_BYTES,
  type DeliveryAnswer,
  type DeliveryRequest,
  type DeliveryTransport,
} from './transport';
