import { Module } from '@nestjs/common';
import { MetricsModule } from 'promkit/nest';
import { OrdersController } from './orders.controller';
import { OrdersRepository } from './orders.repository';
import { OrdersService } from './orders.service';
import { PaymentGateway } from './payment-gateway';

@Module({
  imports: [
    MetricsModule.forFeature([
      {
        type: 'counter',
        name: 'orders_created_total',
        help: 'Orders placed, by channel and payment outcome.',
        labelNames: ['channel', 'status'],
      },
      {
        type: 'summary',
        name: 'order_amount_euros',
        help: 'Order amounts in euros.',
        labelNames: ['channel'],
        percentiles: [0.5, 0.9, 0.99],
      },
      {
        type: 'histogram',
        name: 'orders_checkout_seconds',
        help: 'Time to place an order, payment included.',
        labelNames: ['channel'],
        buckets: [0.05, 0.1, 0.25, 0.5, 1],
        enableExemplars: true,
      },
    ]),
  ],
  controllers: [OrdersController],
  providers: [OrdersService, OrdersRepository, PaymentGateway],
})
export class OrdersModule {}
