export * from './escaped-names';
export * from './exemplar-limit';
export * from './metric-family';
export {
  familyNameOf,
  forEachSample,
  isSampleOf,
  METRIC_TYPES,
  type PointSample,
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
