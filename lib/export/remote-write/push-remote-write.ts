import { getDefaultRegistry } from '../../core';
import { checkOptions } from '../../core/options';
import { REMOTE_WRITE_RULE, type RemoteWriteOptions } from './remote-write-options';
import { RemoteWriteChannel, type RemoteWriteResult } from './remote-write-sender';

/** A one-shot push's own collection may be of any size: the queue holds just it. */
const ONE_COLLECTION = {
  maxPendingSamples: Number.MAX_SAFE_INTEGER,
  maxPendingBytes: Number.MAX_SAFE_INTEGER,
};

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
  // Collected before the sender exists: its own delivery metrics, all zero yet, are not part of the push.
  const families = await (checked.registry ?? getDefaultRegistry()).collect();
  const channel = new RemoteWriteChannel(checked, ONE_COLLECTION);
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
