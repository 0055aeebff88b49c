import { CountExceptions, Counted, Timed, TrackInProgress } from 'promkit';

export class InventoryUnavailableError extends Error {
  override name = 'InventoryUnavailableError';
}

/** Asks the inventory service how many of a product are in stock. */
export class InventoryClient {
  constructor(private readonly baseUrl: string) {}

  // inventory_client_stock_of_duration_seconds, _exceptions_total, _in_progress, _calls_total{result}
  @Timed({ buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] })
  @CountExceptions()
  @TrackInProgress()
  @Counted()
  async stockOf(productId: string): Promise<number> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/stock/${encodeURIComponent(productId)}`, {
        signal: AbortSignal.timeout(2000),
      });
    } catch (error) {
      throw new InventoryUnavailableError(`inventory unreachable: ${(error as Error).message}`);
    }
    if (!response.ok) throw new InventoryUnavailableError(`inventory answered ${response.status}`);
    const { stock } = (await response.json()) as { stock: number };
    return stock;
  }
}
