import type { CallHooks } from './call-hooks';
import { getInstrumentation } from './runtime';

/** A failing measurement must never replace the application's own result or error. */
export function safeEnd(hooks: CallHooks, error: unknown, failed: boolean, value?: unknown): void {
  try {
    hooks.end(error, failed, value);
  } catch (hookError) {
    getInstrumentation().failures.report('unknown', hookError);
  }
}
