import { checkOptions, getDefaultRegistry, Registry } from '../../core';
import { REMOTE_WRITE_RULE, type RemoteWriteOptions } from './remote-write-options';
import { RemoteWriteChannel, type RemoteWriteResult } from './remote-write-sender';

/** A one-shot push's own collection may be of any size: the queue holds just it. */
const ONE_COLLECTION = {
  maxPendingSamples: Number.MAX_SAFE_INTEGER,
  maxPendingBytes: Number.MAX_SAFE_INTEGER,
};

/**
 * A one-shot push tells its caller how it went by its result alone: its
 * delivery is counted in a registry of its own whose warnings go nowhere, not
 * in the app's (where a refusal would be reported twice, and counters would
 * appear for the length of one push).
 */
function delivery() {
  const registry = new Registry();
  registry.setWarningLogger(() => {});
  return { ...ONE_COLLECTION, registry };
}

const DEFAULT_TIMEOUT_SECONDS = 30;

/**
 * Collects the registry once and sends it to a Remote Write receiver: 2.0 by
 * default, 1.0 for a receiver that turns out to speak only that. 5xx and 429
 * answers and network errors are retried with backoff (and `Retry-After`)
 * until `timeoutSeconds` has passed. Resolves with what the receiver
 * confirmed; rejects with a `RemoteWriteError` when it refused the
 * collection or the time ran out, and with a `MetricConfigError` naming the
 * option when an option is wrong.
 */
export async function pushRemoteWrite(options: RemoteWriteOptions): Promise<RemoteWriteResult> {
  const checked = checkOptions<RemoteWriteOptions>('pushRemoteWrite', REMOTE_WRITE_RULE, options);
  const families = await (checked.registry ?? getDefaultRegistry()).collect();
  const channel = new RemoteWriteChannel(checked, delivery());
  try {
    const delivered = channel.deliver(families, { timestamp: Date.now() });
    // A deadline for the whole push, retries included: past it, close() drops what is left and deliver() rejects.
    const deadline = setTimeout(
      () => void channel.sender.close(0),
      (checked.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
    );
    try {
      return await delivered;
    } finally {
      clearTimeout(deadline);
    }
  } finally {
    await channel.sender.close(0);
  }
}
