/**
 * Reads CloudTrail as `ato detect` finds it on disk: log files as delivered to S3
 * (`{"Records":[…]}`, optionally gzipped, as `.json.gz`), JSON lines of records, or JSON lines of
 * EventBridge envelopes ("AWS API Call via CloudTrail"). The format is sniffed, not guessed from
 * the name. Streams: a multi-GB trail never has to fit in memory.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { RecordSplitter } from './record-splitter';

export interface TrailRecord {
  /** The CloudTrail record (an envelope's `detail`), parsed. */
  record: unknown;
  /** Where it came from, for error messages: `file:record-number`. */
  at: string;
}

export type TrailItem = TrailRecord | { error: string; at: string };

const GZIP_MAGIC = [0x1f, 0x8b];

/** A file's bytes, gunzipped when they are gzip, whatever the name says. */
async function openBytes(path: string): Promise<Readable> {
  const head = await new Promise<Buffer>((resolve, reject) => {
    const probe = createReadStream(path, { start: 0, end: 1 });
    const parts: Buffer[] = [];
    probe.on('data', (d: Buffer | string) => parts.push(Buffer.from(d)));
    probe.on('end', () => resolve(Buffer.concat(parts)));
    probe.on('error', reject);
  });
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1] ? raw.pipe(createGunzip()) : raw;
}

/** The first non-blank bytes: `{"Records"` means an S3 log file, anything else JSON lines. */
function looksLikeLogFile(start: string): boolean {
  return /^\s*\{\s*"Records"\s*:/.test(start);
}

function unwrap(value: unknown): unknown {
  // An EventBridge envelope carries the record in `detail`.
  if (typeof value === 'object' && value !== null && 'detail-type' in value && 'detail' in value) {
    return (value as { detail: unknown }).detail;
  }
  return value;
}

/** A single pretty-printed JSON document (an envelope or record saved by hand, an array): it opens with a lone `{` or a `[`. */
function isOneDocument(firstChunk: Buffer): boolean {
  const text = firstChunk.toString('utf8').trimStart();
  return text.startsWith('[') || (text.split('\n', 1)[0] ?? '').trim() === '{';
}

/** Whole documents are read into memory: they are the hand-saved kind, not multi-GB trails. */
const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

async function* readDocument(path: string, chunks: AsyncIterable<Buffer>): AsyncGenerator<TrailItem> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > MAX_DOCUMENT_BYTES) {
      yield {
        error: 'a single JSON document over 256 MB: use JSON lines or a CloudTrail log file',
        at: path,
      };
      return;
    }
    parts.push(chunk);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(parts).toString('utf8'));
  } catch (error) {
    yield { error: `not JSON: ${(error as Error).message}`, at: path };
    return;
  }
  const records = Array.isArray(value)
    ? value
    : typeof value === 'object' && value !== null && Array.isArray((value as { Records?: unknown }).Records)
      ? (value as { Records: unknown[] }).Records
      : [value];
  let n = 0;
  for (const record of records) yield { record: unwrap(record), at: `${path}:${++n}` };
}

export async function* readTrail(path: string): AsyncGenerator<TrailItem> {
  const bytes = await openBytes(path);
  const iterator = bytes[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  if (first.done) return;
  const firstChunk = Buffer.from(first.value);
  const rest = (async function* () {
    yield firstChunk;
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      yield Buffer.from(next.value);
  })();

  if (looksLikeLogFile(firstChunk.subarray(0, 64).toString('utf8'))) {
    const splitter = new RecordSplitter();
    let n = 0;
    for await (const chunk of rest) {
      for (const buffer of splitter.push(chunk)) {
        n++;
        try {
          yield { record: JSON.parse(buffer.toString('utf8')) as unknown, at: `${path}:${n}` };
        } catch (error) {
          yield { error: `record ${n} is not JSON: ${(error as Error).message}`, at: `${path}:${n}` };
        }
      }
    }
    if (splitter.truncated) yield { error: `file ends inside record ${n + 1} (truncated?)`, at: path };
    return;
  }

  if (isOneDocument(firstChunk)) {
    yield* readDocument(path, rest);
    return;
  }

  let line = 0;
  for await (const text of createInterface({ input: Readable.from(rest), crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    try {
      yield { record: unwrap(JSON.parse(text)), at: `${path}:${line}` };
    } catch (error) {
      yield { error: `line ${line} is not JSON: ${(error as Error).message}`, at: `${path}:${line}` };
    }
  }
}
