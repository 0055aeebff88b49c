import { escapeHelpOpenMetrics, escapeHelpText, escapeLabelValue, labelSetText } from '../../lib/exposition';
import type { LabelSet } from '../../lib/model';

describe('escapeLabelValue', () => {
  it.each<[string, string]>([
    ['plain', 'plain'],
    ['', ''],
    ['say "hi"', 'say \\"hi\\"'],
    ['C:\\dir', 'C:\\\\dir'],
    ['a\nb', 'a\\nb'],
    ['\\n', '\\\\n'],
    ['\\"', '\\\\\\"'],
    ['\n\n', '\\n\\n'],
    ['tab\tand\rcr', 'tab\tand\rcr'],
    ['Grüße 日本語 🎉', 'Grüße 日本語 🎉'],
    ['}{,= #', '}{,= #'],
  ])('%j -> %j', (value, expected) => {
    expect(escapeLabelValue(value)).toBe(expected);
  });
});

describe('HELP escaping', () => {
  it('text 0.0.4 escapes backslash and newline, not quotes', () => {
    expect(escapeHelpText('a "b" \\ c\nd')).toBe('a "b" \\\\ c\\nd');
  });

  it('OpenMetrics also escapes quotes', () => {
    expect(escapeHelpOpenMetrics('a "b" \\ c\nd')).toBe('a \\"b\\" \\\\ c\\nd');
  });

  it('leaves plain and unicode text alone', () => {
    expect(escapeHelpText('Größe in Bytes 📦')).toBe('Größe in Bytes 📦');
    expect(escapeHelpOpenMetrics('')).toBe('');
  });
});

describe('labelSetText', () => {
  it('writes escaped pairs and caches the result on the label set', () => {
    const set: LabelSet = { labelNames: ['a', 'b'], labelValues: ['x"', 'y\n'] };
    expect(labelSetText(set)).toBe('a="x\\"",b="y\\n"');
    expect(set.labelText).toBe('a="x\\"",b="y\\n"');
  });

  it('reuses an existing cache instead of re-escaping', () => {
    const set: LabelSet = { labelNames: ['a'], labelValues: ['x'], labelText: 'cached="1"' };
    expect(labelSetText(set)).toBe('cached="1"');
  });

  it('is empty for no labels', () => {
    expect(labelSetText({ labelNames: [], labelValues: [] })).toBe('');
  });

  it('works on a frozen label set without caching', () => {
    const set: LabelSet = Object.freeze({ labelNames: ['a'], labelValues: ['x'] });
    expect(labelSetText(set)).toBe('a="x"');
    expect(set.labelText).toBeUndefined();
  });
});
