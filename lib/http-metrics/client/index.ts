export { OTHER_HOSTS } from './host-labels';
export { type HttpClientInstrumentation, instrumentHttpClients } from './instrument-http-clients';
export type { HttpClientKind, HttpClientMetricsOptions } from './options';
