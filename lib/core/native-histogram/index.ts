export { bucketUpperBound, MAX_SCHEMA, MIN_SCHEMA } from './bucket-bounds';
export { bucketIndex, indexLookup } from './bucket-index';
export {
  mergeNativeHistograms,
  type NativeBucketRunData,
  type NativeHistogramData,
  nativeHistogramData,
} from './merge';
export { NativeBuckets } from './native-buckets';
export {
  describeNativeConfig,
  type NativeHistogramConfig,
  type NativeHistogramOptions,
  resolveNativeOptions,
  schemaForBucketFactor,
} from './native-options';
