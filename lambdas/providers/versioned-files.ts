/**
 * Files that several processes may write at once, and never see half-written: content is written
 * to a temp file first, then linked (exclusive: EEXIST if someone got there first) or renamed
 * (replace) into place. A value that changes is a numbered series of such files, one a generation,
 * and creating generation n+1 exclusively is a compare-and-swap.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A value kept as numbered, immutable files `<n>.json`; the highest number is the current value. */
export class Generations<T> {
  private readonly dir: string;

  constructor(
    private readonly root: string,
    relativeDir: string,
  ) {
    this.dir = join(root, relativeDir);
  }

  async latest(): Promise<{ generation: number; value: T } | undefined> {
    const generations = (await listDir(this.dir))
      .map((name) => /^(\d+)\.json$/.exec(name)?.[1])
      .filter((number): number is string => number !== undefined)
      .map(Number);
    if (generations.length === 0) return undefined;
    const generation = Math.max(...generations);
    try {
      return { generation, value: await readJson<T>(join(this.dir, `${generation}.json`)) };
    } catch (error) {
      // The whole series was removed meanwhile (a losing incident candidate): nothing is current.
      if (isCode(error, 'ENOENT')) return undefined;
      throw error;
    }
  }

  /** Compare-and-swap: write generation `read + 1`, unless another writer already did. */
  async next(read: number, value: T): Promise<boolean> {
    return this.create(read + 1, value);
  }

  async create(generation: number, value: T): Promise<boolean> {
    await mkdir(this.dir, { recursive: true });
    return createExclusive(this.root, join(this.dir, `${generation}.json`), value);
  }
}

/** Create `path` holding `value` unless it exists; the content is complete the moment it appears. */
export async function createExclusive(root: string, path: string, value: unknown): Promise<boolean> {
  const temp = await writeTemp(root, value);
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    throw failure('create', path, error);
  } finally {
    await unlink(temp);
  }
}

export async function replaceFile(root: string, path: string, value: unknown): Promise<void> {
  const temp = await writeTemp(root, value);
  await rename(temp, path).catch((error: unknown) => {
    throw failure('replace', path, error);
  });
}

async function writeTemp(root: string, value: unknown): Promise<string> {
  // Inside the store's directory, so the link or rename that follows never crosses file systems.
  const dir = join(root, 'tmp');
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `${randomUUID()}.json`);
  await writeFile(temp, JSON.stringify(value, null, 2), { flag: 'wx' });
  return temp;
}

export async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return [];
    throw failure('list', dir, error);
  }
}

export async function readJson<T>(path: string): Promise<T> {
  // Trusted boundary: only this store writes these files.
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

// Structural, not `instanceof Error`: errors from Node's fs need not share the caller's realm (jest).
export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}

export function failure(operation: string, path: string, error: unknown): Error {
  const reason =
    typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
  return new Error(`file store ${operation} on ${path} failed: ${reason}`, { cause: error });
}
