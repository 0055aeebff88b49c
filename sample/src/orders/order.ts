export type Channel = 'web' | 'app';

export interface Order {
  id: string;
  item: string;
  amountEuros: number;
  channel: Channel;
  status: 'paid' | 'payment_failed';
}

export interface CreateOrderRequest {
  item?: string;
  amountEuros?: number;
  channel?: Channel;
}
