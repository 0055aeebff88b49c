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
  it('writes escaped pairs', () => {
    const set: LabelSet = { labelNames: ['a', 'b'], labelValues: ['x"', 'y\n'] };
    expect(labelSetText(set)).toBe('a="x\\"",b="y\\n"');
  });

  it('keeps nothing on the label set, and follows its current values', () => {
    const set = { labelNames: ['a', 'b'], labelValues: ['x', 'y'] };
    expect(labelSetText(set)).toBe('a="x",b="y"');
    expect(Object.keys(set)).toEqual(['labelNames', 'labelValues']);
    set.labelValues = ['z', 'w\\'];
    expect(labelSetText(set)).toBe('a="z",b="w\\\\"');
  });

  it('tells apart label sets whose names arrays differ', () => {
    expect(labelSetText({ labelNames: ['a'], labelValues: ['1'] })).toBe('a="1"');
    expect(labelSetText({ labelNames: ['b', 'c'], labelValues: ['2', '3'] })).toBe('b="2",c="3"');
    expect(labelSetText({ labelNames: ['a'], labelValues: ['4'] })).toBe('a="4"');
  });

  it('is empty for no labels', () => {
    expect(labelSetText({ labelNames: [], labelValues: [] })).toBe('');
  });

  it('works on a frozen label set', () => {
    const set: LabelSet = Object.freeze({ labelNames: ['a'], labelValues: ['x'] });
    expect(labelSetText(set)).toBe('a="x"');
  });
});
