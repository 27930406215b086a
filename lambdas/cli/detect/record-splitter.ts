/**
 * Splits the `{"Records":[{…},{…}]}` of a CloudTrail log file into one buffer per record, streaming:
 * chunk boundaries anywhere (inside strings, escapes, multi-byte characters), memory bounded by the
 * largest record. A byte scanner, not a JSON parser: it tracks strings and nesting depth only, so
 * each record is parsed once, by JSON.parse, by the caller.
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

export class RecordSplitter {
  /** Depth of `{`/`[` nesting: 1 inside the file object, 2 inside Records, 3 inside a record. */
  private depth = 0;
  private inString = false;
  /** Backslashes just before the end of the last chunk, inside a string (an odd run escapes a quote). */
  private backslashRun = 0;
  /** Bytes of the record being read, from earlier chunks. */
  private pending: Buffer[] = [];
  private inRecord = false;

  /** The complete records that end in this chunk. */
  push(chunk: Buffer): Buffer[] {
    const records: Buffer[] = [];
    let start = this.inRecord ? 0 : -1;
    let i = 0;
    while (i < chunk.length) {
      if (this.inString) {
        i = this.skipString(chunk, i);
        continue;
      }
      const byte = chunk[i] as number;
      if (byte === QUOTE) {
        this.inString = true;
        this.backslashRun = 0;
      } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        this.depth++;
        if (this.depth === 3 && byte === OPEN_BRACE) {
          this.inRecord = true;
          start = i;
        }
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        if (this.depth === 3 && this.inRecord) {
          const tail = chunk.subarray(start, i + 1);
          records.push(this.pending.length ? Buffer.concat([...this.pending, tail]) : Buffer.from(tail));
          this.pending = [];
          this.inRecord = false;
          start = -1;
        }
        this.depth--;
      }
      i++;
    }
    if (this.inRecord && start >= 0) this.pending.push(Buffer.from(chunk.subarray(start)));
    return records;
  }

  /**
   * Jump to the quote that closes the string (most of a record's bytes are inside strings, and
   * indexOf runs natively); returns where scanning resumes.
   */
  private skipString(chunk: Buffer, from: number): number {
    let i = from;
    for (;;) {
      const quote = chunk.indexOf(QUOTE, i);
      const end = quote === -1 ? chunk.length : quote;
      let k = end - 1;
      while (k >= i && chunk[k] === BACKSLASH) k--;
      const run = end - 1 - k + (k < i ? this.backslashRun : 0);
      if (quote === -1) {
        this.backslashRun = run;
        return chunk.length;
      }
      this.backslashRun = 0;
      if (run % 2 === 0) {
        this.inString = false;
        return quote + 1;
      }
      i = quote + 1;
    }
  }

  /** True when the input ended in the middle of a record (a truncated file). */
  get truncated(): boolean {
    return this.inRecord;
  }
}
