/** Loads the event samples in test/fixtures (see test/fixtures/README.md for the doc each follows). */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const FIXTURES = join(__dirname, '..', 'fixtures');

export function loadFixture(name: string): Json {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Json;
}

/** Every fixture, as `folder/file.json`. */
export function allFixtureNames(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) => readdirSync(join(FIXTURES, dir.name)).map((file) => `${dir.name}/${file}`))
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/**
 * A copy of the fixture with the field at `path` replaced (or removed when `value` is undefined): the
 * look-alike cases are real samples with one thing changed, so the test names exactly what differs.
 */
export function fixtureWith(name: string, path: readonly (string | number)[], value: Json | undefined): Json {
  return withField(loadFixture(name), path, value);
}

/** A copy of `event` with the field at `path` replaced, or removed when `value` is undefined. */
export function withField(original: Json, path: readonly (string | number)[], value: Json | undefined): Json {
  const event = structuredClone(original);
  const parentPath = path.slice(0, -1);
  const last = path.at(-1);
  let parent: Json = event;
  for (const key of parentPath) {
    const next = childOf(parent, key);
    if (next === undefined) throw new Error(`event has no ${path.join('.')}`);
    parent = next;
  }
  if (last === undefined) throw new Error('fixtureWith needs a non-empty path');
  if (Array.isArray(parent) && typeof last === 'number') {
    if (value === undefined) parent.splice(last, 1);
    else parent[last] = value;
  } else if (isObject(parent) && typeof last === 'string') {
    // defineProperty, not assignment: a generated key "__proto__" must become data, not a prototype.
    if (value === undefined) delete parent[last];
    else Object.defineProperty(parent, last, { value, writable: true, enumerable: true, configurable: true });
  } else {
    throw new Error(`cannot set ${path.join('.')}`);
  }
  return event;
}

function childOf(parent: Json, key: string | number): Json | undefined {
  if (Array.isArray(parent) && typeof key === 'number') return parent[key];
  if (isObject(parent) && typeof key === 'string') return parent[key];
  return undefined;
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
