/** What a command may touch of the outside world; tests pass buffers. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** A progress line, rewritten in place; absent when stderr is not a terminal. */
  progress?(text: string): void;
}

/** Bad arguments: usage on stderr, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
