export * from './metric-family';
