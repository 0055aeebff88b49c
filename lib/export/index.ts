export * from './exporter';
export * from './graphite';
export * from './http';
export type { ExportLogger } from './logger';
export * from './pushgateway';
