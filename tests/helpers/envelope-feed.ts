/** A training session fed envelopes as the DSP hands them on, for tests of what the page is pushed. */
import { TrainingSession } from '../../src/training/training-session';
import { MemoryMvcStore } from '../../src/training/mvc-store';
import { EXERCISE_LIBRARY } from '../../src/exercises/library';

/** A session on a two-channel stream (a, b) at `rateHz`, set up for the hip thrust, MVCs in memory. */
export function hipThrustSession(rateHz: number): TrainingSession {
  const s = new TrainingSession({ exercises: [...EXERCISE_LIBRARY], mvcStore: new MemoryMvcStore(), bootstrap: { resamples: 200 } });
  s.configureStream({ sampleRateHz: rateHz, channelCount: 2, channelLabels: ['a', 'b'], mainsHz: 50, fullScaleUv: 187500 });
  s.setup({ exerciseId: 'hip-thrust' });
  return s;
}

/**
 * Feeds a training session (src/training/training-session.ts) two-channel envelopes drawn from a
 * level function of stream time, in blocks of `block` frames at `rateHz`, as the DSP would hand
 * them on; `afterBlock` runs after each block (a test's push to the page). `index` is the stream
 * position in frames.
 */
export class EnvelopeFeed {
  index = 0;

  constructor(
    private readonly session: Pick<TrainingSession, 'pushProcessed'>,
    private readonly rateHz: number,
    private readonly block: number,
    private readonly afterBlock: (index: number) => void = () => undefined,
  ) {}

  /** `seconds` of stream where the two channels' envelopes are `level(t)` at stream time t (s) */
  feed(seconds: number, level: (t: number) => [number, number]): void {
    const { rateHz, block } = this;
    for (let done = 0; done < seconds * rateHz; done += block) {
      const env = new Float64Array(block * 2);
      for (let i = 0; i < block; i++) {
        const [a, b] = level((this.index + i) / rateHz);
        env[2 * i] = a;
        env[2 * i + 1] = b;
      }
      this.session.pushProcessed({ filtered: env, envelope: env, frames: block, channelCount: 2, firstSampleIndex: this.index });
      this.index += block;
      this.afterBlock(this.index);
    }
  }

  /** stream time (s) */
  get timeS(): number {
    return this.index / this.rateHz;
  }
}
