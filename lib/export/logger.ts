/** Where the export layer reports problems it must not throw into the app. */
export interface ExportLogger {
  warn(message: string): void;
}
