export { groupingPath, groupingSegment } from './grouping-path';
export { Pushgateway, PushgatewayError, PushgatewayTimeoutError } from './pushgateway';
