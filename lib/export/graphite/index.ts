export { GraphiteBridge, type GraphiteBridgeOptions } from './graphite-bridge';
export { graphitePath, sanitizeSegment } from './graphite-path';
