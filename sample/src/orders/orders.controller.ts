import { Body, Controller, Get, Headers, Param, Post } from '@nestjs/common';
import type { CreateOrderRequest, Order } from './order';
// biome-ignore lint/style/useImportType: Nest injects by the constructor's runtime parameter types
import { OrdersService } from './orders.service';

@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  create(@Body() body: CreateOrderRequest, @Headers('x-trace-id') traceId?: string): Promise<Order> {
    return this.orders.create(body ?? {}, traceId);
  }

  @Get()
  list(): Order[] {
    return this.orders.list();
  }

  @Get(':id')
  get(@Param('id') id: string): Order {
    return this.orders.get(id);
  }
}
