import { Injectable } from '@nestjs/common';
import { CountExceptions, Timed, TrackInProgress } from 'promkit';

export class PaymentDeclinedError extends Error {
  override name = 'PaymentDeclinedError';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A remote payment provider: slow, and now and then it declines. */
@Injectable()
export class PaymentGateway {
  @Timed({
    name: 'payment_gateway_charge_seconds',
    help: 'Time the payment provider takes to answer a charge.',
    labelNames: ['exception'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1],
  })
  @CountExceptions({ name: 'payment_gateway_errors_total', help: 'Charges the payment provider failed.' })
  @TrackInProgress({ name: 'payment_gateway_charges_in_progress', help: 'Charges waiting for the provider.' })
  async charge(orderId: string, amountEuros: number): Promise<string> {
    await sleep(20 + Math.random() * 280);
    if (Math.random() < 0.1) throw new PaymentDeclinedError(`payment for order ${orderId} declined`);
    return `pay_${orderId}_${Math.round(amountEuros * 100)}`;
  }
}
