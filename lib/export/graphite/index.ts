export { GraphiteBridge } from './graphite-bridge';
export type { GraphiteBridgeOptions } from './graphite-options';
export { graphitePath, sanitizeSegment } from './graphite-path';
