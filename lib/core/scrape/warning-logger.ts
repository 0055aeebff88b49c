/** Where a registry tells the app something went wrong or looks wrong; `error` is the cause, when there is one. */
export type WarningLogger = (message: string, error?: unknown) => void;

export const warnOnConsole: WarningLogger = (message, error) =>
  error === undefined ? console.warn(message) : console.warn(message, error);
