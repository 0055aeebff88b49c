export * from './default-metrics';
export * from './families';
