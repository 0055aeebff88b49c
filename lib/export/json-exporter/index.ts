export { JsonStatusCollector, type JsonStatusCollectorOptions } from './json-status-collector';
export {
  JsonMappingError,
  type JsonMetricMapping,
  type JsonMetricType,
  loadMappingFile,
  parseMapping,
} from './mapping';
export { type JsonExporterHandle, type JsonExporterOptions, startJsonExporter } from './start-json-exporter';
