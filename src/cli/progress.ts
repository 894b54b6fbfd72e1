/**
 * A progress bar on stderr for work that takes more than a second (batch commands). Silent for
 * the first second, so quick runs print nothing; redraws at most 10 times a second. On a terminal
 * it redraws one line; otherwise (CI logs, pipes) it prints a line at every 25 %.
 */
export class ProgressBar {
  private readonly t0 = Date.now();
  private lastDrawMs = 0;
  private lastQuarter = -1;
  private shown = false;
  constructor(
    private readonly label: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  update(fraction: number): void {
    const now = Date.now();
    if (now - this.t0 < 1000 || now - this.lastDrawMs < 100) return;
    this.lastDrawMs = now;
    const f = Math.min(1, Math.max(0, fraction));
    if (this.out.isTTY) {
      const width = 30;
      const full = Math.round(f * width);
      this.out.write(`\r${this.label} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(f * 100).toFixed(0).padStart(3)} %`);
      this.shown = true;
    } else {
      const quarter = Math.floor(f * 4);
      if (quarter > this.lastQuarter) {
        this.lastQuarter = quarter;
        this.out.write(`${this.label}: ${(quarter * 25).toFixed(0)} %\n`);
      }
    }
  }

  done(): void {
    if (this.shown && this.out.isTTY) this.out.write(`\r${this.label} [${'#'.repeat(30)}] 100 %\n`);
  }
}
