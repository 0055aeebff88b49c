/**
 * A string that identifies a list of label values: each value is prefixed by
 * its length, so no choice of characters inside values can make two
 * different lists collide, and no escaping pass is needed.
 */
export function valuesKey(values: readonly string[], from = 0, to = values.length): string {
  let key = '';
  for (let i = from; i < to; i++) key += `${values[i].length}:${values[i]}`;
  return key;
}
