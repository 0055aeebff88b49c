import type { RequestOptions } from 'node:https';
import { sendRequest } from '../http-client';
import type { DeliveryAnswer, DeliveryRequest, DeliveryTransport } from './transport';
import { ANSWER_BODY_BYTES } from './transport';

/**
 * Node's http and https, through the export layer's client (overall deadline,
 * bounded body), so agents, proxies and TLS options work as for the
 * Pushgateway.
 */
export class NodeTransport implements DeliveryTransport {
  constructor(private readonly requestOptions: RequestOptions = {}) {}

  async send(request: DeliveryRequest): Promise<DeliveryAnswer> {
    const { resp, status, body, bytes } = await sendRequest({
      method: 'POST',
      url: request.url,
      headers: { ...request.headers, 'content-length': String(request.body.byteLength) },
      body: Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength),
      timeoutMs: request.timeoutMs,
      requestOptions: this.requestOptions,
      maxBodyBytes: ANSWER_BODY_BYTES,
      truncateBody: true,
      keepBytes: true,
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(resp.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { status, headers, body, bytes: bytes ?? new Uint8Array(0) };
  }
}
