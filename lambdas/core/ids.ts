/** Short, stable ids without I/O or crypto: FNV-1a over the input, base 36. */
export function stableHash(input: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).padStart(7, '0');
}

/** `ato-20261122-1a2b3c4`: the day it opened, then a hash of the first signal. Sorts by date. */
export function incidentIdFor(firstDedupKey: string, openedAt: Date): string {
  const day = openedAt.toISOString().slice(0, 10).replaceAll('-', '');
  return `ato-${day}-${stableHash(firstDedupKey)}`;
}

export function approvalIdFor(actionId: string): string {
  return `apr-${stableHash(actionId)}${stableHash(`${actionId}#approval`)}`;
}
