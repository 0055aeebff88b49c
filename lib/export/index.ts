export * from './exporter';
export * from './graphite';
export * from './http';
export * from './json-exporter';
export type { ExportLogger } from './logger';
export * from './pushgateway';
