import { randomBytes } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import type { Counter, Histogram, Summary } from 'promkit';
import { Timed } from 'promkit';
import { InjectMetric } from 'promkit/nest';
import type { Channel, CreateOrderRequest, Order } from './order';
// biome-ignore lint/style/useImportType: Nest injects by the constructor's runtime parameter types
import { OrdersRepository } from './orders.repository';
// biome-ignore lint/style/useImportType: as above
import { PaymentDeclinedError, PaymentGateway } from './payment-gateway';

@Injectable()
export class OrdersService {
  constructor(
    private readonly repository: OrdersRepository,
    private readonly payments: PaymentGateway,
    @InjectMetric('orders_created_total') private readonly created: Counter<'channel' | 'status'>,
    @InjectMetric('order_amount_euros') private readonly amounts: Summary<'channel'>,
    @InjectMetric('orders_checkout_seconds') private readonly checkout: Histogram<'channel'>,
  ) {}

  // orders_service_create_duration_seconds: the whole order, payment and storage included
  @Timed()
  async create(request: CreateOrderRequest, traceId = randomBytes(8).toString('hex')): Promise<Order> {
    const started = process.hrtime.bigint();
    const channel: Channel = request.channel === 'app' ? 'app' : 'web';
    const order: Order = {
      id: this.repository.newId(),
      item: request.item ?? 'coffee beans',
      amountEuros: request.amountEuros ?? 12.5,
      channel,
      status: 'paid',
    };
    try {
      await this.payments.charge(order.id, order.amountEuros);
    } catch (error) {
      if (!(error instanceof PaymentDeclinedError)) throw error;
      order.status = 'payment_failed';
    }
    await this.repository.save(order);
    this.created.inc({ channel, status: order.status });
    this.amounts.observe({ channel }, order.amountEuros);
    // The exemplar links a slow checkout in a dashboard to its trace.
    this.checkout.observe({
      labels: { channel },
      value: Number(process.hrtime.bigint() - started) / 1e9,
      exemplarLabels: { trace_id: traceId },
    });
    return order;
  }

  get(id: string): Order {
    const order = this.repository.findById(id);
    if (!order) throw new NotFoundException(`order ${id} not found`);
    return order;
  }

  list(): Order[] {
    return this.repository.findAll();
  }
}
