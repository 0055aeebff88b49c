export {
  MetricsExporter,
  type MetricsExporterOptions,
  type MetricsExporterStartOptions,
} from './metrics-exporter';
