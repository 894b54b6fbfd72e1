/**
 * A ring buffer addressed by absolute sample index (the stream's clock): the training stages keep
 * the last seconds of envelopes, filtered target and raw signal in these, preallocated, and copy a
 * rep's stretch out by its sample indices. A hole in the indices (lost lines) is filled with the
 * last value written, so a copy never returns stale samples from one lap of the ring earlier.
 */
export class IndexedRing {
  readonly buf: Float64Array;
  /** absolute index one past the newest sample written */
  next = 0;

  constructor(capacity: number) {
    this.buf = new Float64Array(Math.max(1, capacity));
  }

  write(abs: number, v: number): void {
    const cap = this.buf.length;
    if (abs > this.next && this.next > 0) {
      const last = this.buf[(this.next - 1) % cap];
      for (let i = Math.max(this.next, abs - cap); i < abs; i++) this.buf[i % cap] = last;
    }
    this.buf[abs % cap] = v;
    this.next = abs + 1;
  }

  /** absolute index of the oldest sample still held */
  get oldest(): number {
    return Math.max(0, this.next - this.buf.length);
  }

  /** Copies [from, to) (clamped to what is held) into out; returns [first index copied, count]. */
  copy(from: number, to: number, out: Float64Array): [number, number] {
    const a = Math.max(from, this.oldest);
    const b = Math.min(to, this.next, a + out.length);
    const cap = this.buf.length;
    for (let i = a; i < b; i++) out[i - a] = this.buf[i % cap];
    return [a, Math.max(0, b - a)];
  }

  reset(): void {
    this.next = 0;
  }
}
