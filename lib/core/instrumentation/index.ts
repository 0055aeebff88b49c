export type { CallHooks, DeferrableCallHooks } from './call-hooks';
export type { InstrumentationErrorLogger } from './failure-reporter';
export {
  getInstrumentation,
  InstrumentationRuntime,
  type RegistryBinding,
  type RegistryFollower,
  reportInstrumentationFailure,
  setInstrumentationErrorLogger,
} from './runtime';
export { safeEnd } from './safe-end';
export { trackCall, trackResult } from './track-call';
