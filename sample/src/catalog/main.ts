import cluster from 'node:cluster';
import {
  AggregatorRegistry,
  collectDefaultMetrics,
  instrumentHttpClients,
  type Registry,
  register,
} from 'promkit';
import { catalogApp } from './catalog-app';
import { InventoryClient } from './inventory-client';
import { startInventoryServer } from './inventory-server';

/**
 * The Express sample: a product catalog that asks a (simulated) inventory
 * service for stock. Measures its own requests (expressHttpMetrics), its
 * outgoing ones (instrumentHttpClients), a decorated client method and the
 * Node.js runtime. With WORKERS=n it runs as a Node cluster: the primary
 * runs the inventory stand-in and n workers serve the catalog, each
 * answering /metrics with the merged view of the whole cluster.
 */
const workers = Number(process.env.WORKERS ?? 0);
// In every process of a cluster, before branching: the primary merges, workers report to it.
const aggregator = workers > 0 ? new AggregatorRegistry() : undefined;

async function serveCatalog(inventoryUrl: string, metricsRegistry: Registry<any>): Promise<() => void> {
  const outgoing = instrumentHttpClients();
  const app = catalogApp(new InventoryClient(inventoryUrl), metricsRegistry);
  const port = Number(process.env.PORT ?? 3001);
  const host = process.env.HOST ?? '0.0.0.0';
  const server = app.listen(port, host, () => {
    console.log(`catalog service on http://${host}:${port} (metrics on /metrics), process ${process.pid}`);
  });
  return () => {
    server.close();
    server.closeAllConnections();
    outgoing.stop();
  };
}

async function main(): Promise<void> {
  register.setDefaultLabels({ service: 'catalog' });
  const defaults = collectDefaultMetrics();
  const stops = [() => defaults.stop()];
  if (aggregator && cluster.isPrimary) {
    const inventory = await startInventoryServer();
    stops.push(() => void inventory.close());
    for (let i = 0; i < workers; i++) cluster.fork({ INVENTORY_URL: inventory.url });
    // Workers close their servers and exit; the primary follows once they are gone.
    stops.push(() => cluster.disconnect());
  } else if (aggregator) {
    stops.push(await serveCatalog(String(process.env.INVENTORY_URL), aggregator.aggregated));
  } else {
    const inventory = await startInventoryServer();
    stops.push(() => void inventory.close());
    stops.push(await serveCatalog(inventory.url, register));
  }
  const stop = () => {
    for (const each of stops) each();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
