/** Edits (insert, delete, replace one character) that turn `a` into `b`, case ignored. */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const replace = previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, replace));
    }
    previous = current;
  }
  return previous[y.length];
}

/**
 * The known name `given` most likely meant: a misspelling (a few edits away),
 * a longer name another library uses for it (`metricsPath` for `path`), or
 * a short form of it (`user` for `username`).
 */
export function closestName(given: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const distance = editDistance(given, name);
    const misspelt = distance <= Math.max(1, Math.floor(name.length / 3));
    const wrapped = name.length >= 4 && given.toLowerCase().includes(name.toLowerCase());
    const shortened = given.length >= 4 && name.toLowerCase().includes(given.toLowerCase());
    if ((misspelt || wrapped || shortened) && distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}
