/**
 * A typed set of listeners: one event, one payload type, unsubscribe by the returned function (no
 * EventEmitter: no string event names). One listener's throw is logged as `myocue: <what> failed:`
 * and never stops the others.
 */
export class Listeners<T> {
  private readonly set = new Set<(payload: T) => void>();

  /** `what` names the listeners in the log line (e.g. 'source listener', 'DSP listener') */
  constructor(private readonly what = 'listener') {}

  add(listener: (payload: T) => void): () => void {
    this.set.add(listener);
    return () => {
      this.set.delete(listener);
    };
  }

  get size(): number {
    return this.set.size;
  }

  emit(payload: T): void {
    for (const l of this.set) {
      try {
        l(payload);
      } catch (err) {
        // one subscriber's bug must not starve the others
        console.error(`myocue: ${this.what} failed:`, err);
      }
    }
  }
}
