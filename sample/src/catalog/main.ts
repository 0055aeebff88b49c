import { collectDefaultMetrics, instrumentHttpClients, register } from 'promkit';
import { catalogApp } from './catalog-app';
import { InventoryClient } from './inventory-client';
import { startInventoryServer } from './inventory-server';

/**
 * The Express sample: a product catalog that asks a (simulated) inventory
 * service for stock. Measures its own requests (expressHttpMetrics), its
 * outgoing ones (instrumentHttpClients), a decorated client method and the
 * Node.js runtime.
 */
async function main(): Promise<void> {
  register.setDefaultLabels({ service: 'catalog' });
  const defaults = collectDefaultMetrics();
  const outgoing = instrumentHttpClients();
  const inventory = await startInventoryServer();
  const app = catalogApp(new InventoryClient(inventory.url));
  const port = Number(process.env.PORT ?? 3001);
  const host = process.env.HOST ?? '0.0.0.0';
  const server = app.listen(port, host, () => {
    console.log(`catalog service on http://${host}:${port} (metrics on /metrics)`);
  });
  const stop = () => {
    server.close();
    server.closeAllConnections();
    outgoing.stop();
    defaults.stop();
    void inventory.close();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
