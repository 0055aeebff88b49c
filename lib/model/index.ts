export * from './exemplar-limit';
export * from './metric-family';
export * from './name-escaping';
export * from './names';
export * from './number-format';
export * from './sample-names';
export * from './unit-suffix';
// escaped-names.ts is imported by its path: the package's `export type *` of this index would make its types public.
