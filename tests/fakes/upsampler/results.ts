/** A stored result file, served at `/results/<file>` until it expires. */
export interface StoredResult {
  bytes: Buffer;
  contentType: string;
  expiresAt: number;
}

/** In-memory result files; an expired one is dropped the first time it is asked for. */
export class ResultStore {
  private readonly files = new Map<string, StoredResult>();

  put(file: string, result: StoredResult): void {
    this.files.set(file, result);
  }

  get(file: string, now: number = Date.now()): StoredResult | undefined {
    const result = this.files.get(file);
    if (!result) return undefined;
    if (now >= result.expiresAt) {
      this.files.delete(file);
      return undefined;
    }
    return result;
  }

  clear(): void {
    this.files.clear();
  }
}
