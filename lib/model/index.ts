export * from './escaped-names';
export * from './exemplar-limit';
export * from './metric-family';
// Values only: the table's own types stay internal (the package's `export type *` of this index would publish them).
export {
  familyNameOf,
  forEachSample,
  isSampleOf,
  METRIC_TYPES,
  reservedPointLabel,
  SAMPLE_SUFFIXES,
  sampleNamesOf,
  traitsOf,
  valueSampleName,
} from './metric-types';
export * from './name-escaping';
export * from './names';
export * from './number-format';
export * from './sample-names';
export * from './unit-suffix';
