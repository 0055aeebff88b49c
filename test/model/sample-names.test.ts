// The naming rules every layer shares: one table of them, so a writer and the registry cannot disagree.
import {
  endsWithUnit,
  familyNameOf,
  isSampleOf,
  renamedOutsideText,
  sampleNamesOf,
  textCounterName,
  textNameSuffix,
  valueSampleName,
  withUnitSuffix,
} from '../../lib/model';

describe('a family name and its sample names', () => {
  it('strips the suffix a counter or info may be declared with, and only for that type', () => {
    expect(familyNameOf('counter', 'jobs_total')).toBe('jobs');
    expect(familyNameOf('counter', 'jobs')).toBe('jobs');
    expect(familyNameOf('info', 'build_info')).toBe('build');
    expect(familyNameOf('gauge', 'jobs_total')).toBe('jobs_total');
    expect(familyNameOf('counter', 'build_info')).toBe('build_info');
  });

  it('names the value sample of each type', () => {
    expect(valueSampleName('counter', 'jobs')).toBe('jobs_total');
    expect(valueSampleName('info', 'build')).toBe('build_info');
    expect(valueSampleName('histogram', 'latency_seconds')).toBe('latency_seconds');
  });

  it('lists every sample a type can expose, and recognises them', () => {
    expect(sampleNamesOf('counter', 'jobs')).toEqual(['jobs', 'jobs_total', 'jobs_created']);
    expect(sampleNamesOf('histogram', 'h')).toEqual(['h', 'h_bucket', 'h_count', 'h_sum', 'h_created']);
    expect(sampleNamesOf('summary', 's')).toEqual(['s', 's_count', 's_sum', 's_created']);
    expect(sampleNamesOf('info', 'build')).toEqual(['build', 'build_info']);
    expect(sampleNamesOf('stateset', 'mode')).toEqual(['mode']);
    expect(isSampleOf('gaugehistogram', 'q', 'q_gcount')).toBe(true);
    expect(isSampleOf('gauge', 'q', 'q_count')).toBe(false);
  });
});

describe("a counter's name in text 0.0.4", () => {
  it('is the declared name, else <family>_total; OpenMetrics renames counters declared without _total', () => {
    expect(textCounterName('jobs', 'jobs')).toBe('jobs');
    expect(textCounterName('jobs', undefined)).toBe('jobs_total');
    expect(textNameSuffix('jobs', 'jobs')).toBe('');
    expect(textNameSuffix('jobs', 'jobs_total')).toBe('_total');
    expect(textNameSuffix('jobs', 'other')).toBeUndefined();
    expect(renamedOutsideText('jobs')).toBe(true);
    expect(renamedOutsideText('jobs_total')).toBe(false);
  });
});

describe('unit suffixes', () => {
  it('appends the unit unless the name ends in it, before a counter suffix too', () => {
    expect(withUnitSuffix('latency', 'seconds')).toBe('latency_seconds');
    expect(withUnitSuffix('latency_seconds', 'seconds')).toBe('latency_seconds');
    expect(withUnitSuffix('sent_bytes_total', 'bytes')).toBe('sent_bytes_total');
    expect(endsWithUnit('latency_seconds', 'seconds')).toBe(true);
    expect(endsWithUnit('sent_bytes_total', 'bytes')).toBe(false);
  });
});
