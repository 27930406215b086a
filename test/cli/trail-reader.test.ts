import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { RecordSplitter } from '../../lambdas/cli/detect/record-splitter';
import type { TrailItem } from '../../lambdas/cli/detect/trail-reader';
import { readTrail } from '../../lambdas/cli/detect/trail-reader';
import { fixturePath } from './run-cli';
import { readFileSync } from 'node:fs';

const dir = mkdtempSync(join(tmpdir(), 'ato-trail-'));
const envelope = JSON.parse(readFileSync(fixturePath('cloudtrail/create-user.json'), 'utf8')) as {
  detail: Record<string, unknown>;
};
/** A record whose strings hold everything a naive splitter trips on. */
const tricky = {
  ...envelope.detail,
  eventID: 'f0f1f2f3-0000-4000-8000-EXAMPLE00002',
  userAgent: 'evil/1.0 "}]},{"Records":[{ \\" \u00e9\u4e2d\ud83d\ude00',
  requestParameters: { userName: 'a}b{c]d[e' },
};

async function collect(path: string): Promise<TrailItem[]> {
  const items: TrailItem[] = [];
  for await (const item of readTrail(path)) items.push(item);
  return items;
}

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('readTrail', () => {
  it('reads every record of a CloudTrail log file as delivered to S3', async () => {
    const path = file('s3.json', JSON.stringify({ Records: [envelope.detail, tricky] }));
    const items = await collect(path);
    expect(items.map((i) => ('record' in i ? i.record : i))).toEqual([envelope.detail, tricky]);
  });

  it('reads the gzipped file whatever its name', async () => {
    const path = file('s3-gz.json', gzipSync(JSON.stringify({ Records: [envelope.detail, tricky] })));
    const items = await collect(path);
    expect(items.map((i) => ('record' in i ? i.record : i))).toEqual([envelope.detail, tricky]);
  });

  it('reads JSON lines of records and of EventBridge envelopes alike', async () => {
    const path = file('lines.jsonl', `${JSON.stringify(envelope)}\n\n${JSON.stringify(tricky)}\n`);
    const items = await collect(path);
    expect(items.map((i) => ('record' in i ? i.record : i))).toEqual([envelope.detail, tricky]);
  });

  it('reports a malformed line with where it is, and goes on', async () => {
    const path = file('bad.jsonl', `{"eventID":1\n${JSON.stringify(tricky)}\n`);
    const items = await collect(path);
    expect(items[0]).toMatchObject({
      at: `${path}:1`,
      error: expect.stringMatching(/^line 1 is not JSON: /) as string,
    });
    expect(items[1]).toEqual({ record: tricky, at: `${path}:2` });
  });

  it('says when a log file ends inside a record', async () => {
    const text = JSON.stringify({ Records: [envelope.detail, tricky] });
    const path = file('truncated.json', text.slice(0, text.length - 40));
    const items = await collect(path);
    expect(items).toEqual([
      { record: envelope.detail, at: `${path}:1` },
      { error: 'file ends inside record 2 (truncated?)', at: path },
    ]);
  });
});

describe('RecordSplitter', () => {
  it('finds the same records however the bytes are chunked', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.dictionary(
            fc.string(),
            // Strings made of what a splitter trips on: quotes, backslashes, braces and brackets.
            fc.oneof(fc.jsonValue(), fc.stringMatching(/^["\\{}[\]a]*$/)),
          ),
          { maxLength: 6 },
        ),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }),
        (records, sizes) => {
          const bytes = Buffer.from(JSON.stringify({ Records: records }));
          const splitter = new RecordSplitter();
          const out: unknown[] = [];
          for (let at = 0, k = 0; at < bytes.length; k++) {
            const size = sizes[k % sizes.length] ?? 1;
            for (const record of splitter.push(bytes.subarray(at, at + size)))
              out.push(JSON.parse(record.toString()));
            at += size;
          }
          expect(out).toEqual(JSON.parse(JSON.stringify(records)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
