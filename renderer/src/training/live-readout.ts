/**
 * The live read-out's numbers (target and assisting %MVC, target share), kept outside React.
 *
 * The host pushes the training state ~10×/s and these three numbers move on every push. Rendered
 * through React, every push re-ran the live panel (and the coach view) and wrote the DOM in the
 * WebSocket task, between animation frames: the next chart that drew axis text then paid for the
 * style/layout those writes left (canvas fillText updates style first; issue 10.8, Chromium
 * trace). Here a push only stores the numbers; the read-outs (gauges.tsx) write their text,
 * attributes and bar heights straight to the DOM at the end of the next animation frame, after the
 * charts (draw-scheduler's requestAfterDraw), and React renders the panel only when something
 * else changed (`pinLiveNumbers`).
 */
import type { TrainingState } from '../../../src/host/contract';
import { cancelDraw, requestAfterDraw } from '../charts/draw-scheduler';

/** the numbers of TrainingState that move on every push */
export type LiveNumberKey = 'targetPct' | 'assistPct' | 'targetShare';

export type LiveNumbers = Pick<TrainingState, LiveNumberKey>;

/** One number of the read-out: its latest value, and a way to hear that it changed. */
export interface LiveNumber {
  read(): number | null;
  /** `write` runs at the end of an animation frame after the value changed; returns the unsubscribe */
  subscribe(write: () => void): () => void;
}

export class LiveReadout {
  private values: LiveNumbers = { targetPct: Number.NaN, assistPct: Number.NaN, targetShare: null };
  private readonly writers = new Set<() => void>();
  private readonly numbers = new Map<LiveNumberKey, LiveNumber>();

  /** stores a state's numbers; the read-outs redraw at the next animation frame if one changed */
  update(state: LiveNumbers | null): void {
    if (!state) return;
    const v = this.values;
    if (Object.is(v.targetPct, state.targetPct) && Object.is(v.assistPct, state.assistPct) && Object.is(v.targetShare, state.targetShare)) return;
    v.targetPct = state.targetPct;
    v.assistPct = state.assistPct;
    v.targetShare = state.targetShare;
    for (const w of this.writers) requestAfterDraw(w);
  }

  /** one number of the read-out (the same object every time, so it can be a stable prop) */
  number(key: LiveNumberKey): LiveNumber {
    let n = this.numbers.get(key);
    if (!n) {
      n = {
        read: () => {
          const x = this.values[key];
          return typeof x === 'number' && Number.isFinite(x) ? x : null;
        },
        subscribe: (write) => {
          this.writers.add(write);
          return () => {
            this.writers.delete(write);
            cancelDraw(write);
          };
        },
      };
      this.numbers.set(key, n);
    }
    return n;
  }
}

/**
 * `next` with its live numbers replaced by `pinned`'s (when there is a pinned state): the state
 * React holds then changes only when something other than the live numbers changed, and
 * structural sharing keeps the previous object on a numbers-only push (no render). The numbers
 * themselves reach the DOM through `LiveReadout`; views read them there, never from this state.
 */
export function pinLiveNumbers<T extends TrainingState | null>(next: T, pinned: LiveNumbers | null): T {
  if (!next || !pinned) return next;
  if (Object.is(next.targetPct, pinned.targetPct) && Object.is(next.assistPct, pinned.assistPct) && Object.is(next.targetShare, pinned.targetShare)) return next;
  return { ...next, targetPct: pinned.targetPct, assistPct: pinned.assistPct, targetShare: pinned.targetShare };
}
