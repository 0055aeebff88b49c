export * from './http';
export * from './pushgateway';
