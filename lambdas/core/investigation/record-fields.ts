/**
 * Reading CloudTrail's free-form `requestParameters` / `responseElements` without casts. Own
 * properties only: a parameter named `__proto__` must read as data, never as something inherited.
 */
export function fieldAt(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A non-empty string at `path`, else undefined. */
export function textAt(value: unknown, ...path: string[]): string | undefined {
  const found = fieldAt(value, ...path);
  return typeof found === 'string' && found !== '' ? found : undefined;
}
