/** The player on the real timer: pacing follows the wall clock at the chosen speed. */
import { describe, it, expect, beforeAll } from 'vitest';
import * as path from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { RecordingPlayer } from '../../src/devices/recording-player';
import { BdfPlusWriter } from '../../src/recording/bdf-writer';

const dir = useFileTempDir('myocue-rt-');
let file: string;
beforeAll(() => {
  file = path.join(dir(), 'ten-seconds.bdf');
  const w = BdfPlusWriter.open(file, { channels: [{ label: 'a' }, { label: 'b' }], sampleRateHz: 2000, startTime: new Date() });
  const b = new Float64Array(2 * 2000);
  for (let s = 0; s < 10; s++) w.writeSamples(b, 2000);
  w.close();
});

describe('RecordingPlayer real-time pacing', () => {
  for (const speed of [1, 4]) {
    it(`${speed}×: samples delivered ≈ speed × elapsed wall time × rate`, async () => {
      const player = new RecordingPlayer(file, { speed });
      let frames = 0;
      let blocks = 0;
      // the clock starts when playback does (the 'streaming' state, emitted as play() takes its
      // first time stamp), not before start(): opening the file is no playback time, and on a
      // loaded machine it took a good part of the 600 ms
      let playedAt: number | null = null;
      player.on((e) => {
        if (e.type === 'state' && e.state === 'streaming' && playedAt === null) playedAt = performance.now();
        if (e.type === 'samples') {
          frames += e.block.frameCount;
          blocks++;
        }
      });
      await player.start();
      await new Promise((r) => setTimeout(r, 600));
      // the clock stops as pause() emits what is due up to its own now
      const pausedAt = performance.now();
      player.pause();
      expect(playedAt).not.toBeNull();
      const elapsedS = (pausedAt - playedAt!) / 1000;
      const expected = speed * elapsedS * 2000;
      console.log(`${speed}×: ${frames} frames in ${blocks} blocks over ${elapsedS.toFixed(3)} s (expected ≈ ${expected.toFixed(0)})`);
      expect(Math.abs(frames - expected) / expected).toBeLessThan(0.1);
      expect(player.position()).toBeCloseTo(frames / 2000, 6);
      await player.stop();
    });
  }
});
