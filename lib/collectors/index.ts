export * from './default-metrics';
export * from './families';
export { ProcessCollector, type ProcessCollectorOptions, type ProcessId } from './process-collector';
