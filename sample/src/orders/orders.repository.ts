import { Injectable } from '@nestjs/common';
import { Counted } from 'promkit';
import type { Order } from './order';

/** In-memory storage standing in for a database. */
@Injectable()
export class OrdersRepository {
  private readonly orders = new Map<string, Order>();
  private nextId = 1;

  newId(): string {
    return String(this.nextId++);
  }

  // orders_repository_save_calls_total{result="success"|"failure"}
  @Counted()
  async save(order: Order): Promise<Order> {
    this.orders.set(order.id, order);
    return order;
  }

  findById(id: string): Order | undefined {
    return this.orders.get(id);
  }

  findAll(): Order[] {
    return [...this.orders.values()];
  }
}
