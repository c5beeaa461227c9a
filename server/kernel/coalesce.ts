/**
 * Many concurrent callers' small writes as few statements: while `maxInFlight` batches are being
 * written, new items wait and go together in the next batch, so a surge pays one round trip and
 * one commit (one WAL flush) per batch instead of per item. Items of one batch commit together;
 * a batch that fails is retried item by item, so one bad item fails only its own caller.
 */
export class Coalescer<I, O> {
  private readonly queue: { item: I; resolve: (out: O) => void; reject: (err: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    /** Writes a batch and answers one output per item, in order. */
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly limits = { maxInFlight: 2, maxBatch: 50 },
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.limits.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.limits.maxBatch);
      this.inFlight++;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async flush(batch: typeof this.queue): Promise<void> {
    try {
      const out = await this.write(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(out[i]!));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      await Promise.all(batch.map((b) => this.write([b.item]).then(([out]) => b.resolve(out!), b.reject)));
    }
  }
}
