import express from 'express';
import { expressHttpMetrics, metricsHandler, type Registry, register } from 'promkit';
import type { InventoryClient } from './inventory-client';

const PRODUCTS = new Map(
  [
    { id: 'espresso', name: 'Espresso beans, 1 kg', priceEuros: 24 },
    { id: 'filter', name: 'Filter roast, 500 g', priceEuros: 11.5 },
    { id: 'grinder', name: 'Hand grinder', priceEuros: 79 },
  ].map((product) => [product.id, product]),
);

/**
 * The catalog API: `GET /products/:id` (404 for an unknown product, 502 when
 * the inventory fails), `GET /products`, `POST /orders` (201), `/health` (not
 * measured) and `/metrics`, which serves `metricsRegistry` (in a cluster, the
 * merged view).
 */
export function catalogApp(
  inventory: InventoryClient,
  metricsRegistry: Registry<any> = register,
): express.Express {
  const app = express();
  app.use(expressHttpMetrics({ excludePaths: ['/health'], requestSize: true, responseSize: true }));
  app.get('/metrics', metricsHandler(metricsRegistry));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/products', (_req, res) => {
    res.json([...PRODUCTS.values()]);
  });
  app.get('/products/:id', async (req, res) => {
    const product = PRODUCTS.get(req.params.id);
    if (product === undefined) {
      res.status(404).json({ error: `no product ${req.params.id}` });
      return;
    }
    try {
      res.json({ ...product, stock: await inventory.stockOf(product.id) });
    } catch {
      res.status(502).json({ error: 'inventory unavailable' });
    }
  });
  app.post('/orders', express.json(), (req, res) => {
    const product = PRODUCTS.get(String(req.body?.productId));
    if (product === undefined) {
      res.status(400).json({ error: 'productId must name a product' });
      return;
    }
    const quantity = Number(req.body.quantity ?? 1);
    res.status(201).json({ product: product.id, quantity, totalEuros: quantity * product.priceEuros });
  });
  return app;
}
