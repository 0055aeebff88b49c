export { groupingPath, groupingSegment } from './grouping-path';
export { Pushgateway, PushgatewayError } from './pushgateway';
