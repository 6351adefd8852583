/**
 * Runs an async job in the check phase after the current I/O callbacks, one
 * run at a time. Requests made while a run is in progress are served by one
 * more run afterwards, which is how writes requested in the meantime are
 * grouped into one.
 */
export class SerialRunner {
  private scheduled = false;
  private running: Promise<void> | null = null;

  constructor(
    private readonly job: () => Promise<void>,
    private readonly hasWork: () => boolean,
    private readonly onUnexpectedError: (error: unknown) => void,
  ) {}

  schedule(): void {
    if (this.scheduled || this.running) return;

    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.running = this.job()
        .catch(this.onUnexpectedError)
        .finally(() => {
          this.running = null;
          if (this.hasWork()) this.schedule();
        });
    });
  }

  /** Resolves once no run is scheduled or in progress. */
  async drain(): Promise<void> {
    while (this.scheduled || this.running) {
      await (this.running ?? new Promise<void>((resolve) => setImmediate(resolve)));
    }
  }
}
