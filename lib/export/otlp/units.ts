/**
 * Prometheus unit words as OpenTelemetry (UCUM) writes them, the reverse of
 * the table Prometheus' OTLP receiver uses to name metrics, so a unit makes
 * the round trip unchanged.
 */
const UCUM: Readonly<Record<string, string>> = {
  days: 'd',
  hours: 'h',
  minutes: 'min',
  seconds: 's',
  milliseconds: 'ms',
  microseconds: 'us',
  nanoseconds: 'ns',
  bytes: 'By',
  kibibytes: 'KiBy',
  mebibytes: 'MiBy',
  gibibytes: 'GiBy',
  tibibytes: 'TiBy',
  kilobytes: 'KBy',
  megabytes: 'MBy',
  gigabytes: 'GBy',
  terabytes: 'TBy',
  meters: 'm',
  volts: 'V',
  amperes: 'A',
  joules: 'J',
  watts: 'W',
  grams: 'g',
  celsius: 'Cel',
  hertz: 'Hz',
  percent: '%',
  ratio: '1',
};

/** `seconds` → `s`, `ratio` → `1`, `bytes_per_second` → `By/s`; a word the table lacks stays as it is. */
export function otlpUnit(unit: string | undefined): string {
  if (!unit) return '';
  const per = unit.indexOf('_per_');
  if (per > 0) return `${otlpUnit(unit.slice(0, per))}/${otlpUnit(unit.slice(per + 5))}`;
  return UCUM[unit] ?? unit;
}
