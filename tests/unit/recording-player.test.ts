import { describe, it, expect, beforeAll } from 'vitest';
import { EMG_DATA_DIR } from '../helpers/shared-data';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { RecordingPlayer } from '../../src/devices/recording-player';
import { BdfPlusWriter } from '../../src/recording/bdf-writer';
import { formatEvent } from '../../src/recording/events';
import type { SourceEvent, StreamInfo } from '../../src/devices/sample-source';

const DATA = EMG_DATA_DIR;
const dir = useFileTempDir('myocue-player-');
let bdf: string;
const RATE = 1000;

beforeAll(() => {
  bdf = path.join(dir(), 'session.bdf');
  // 2 s of a ramp, a 1 s disconnect, 1 s more; a set with two reps
  const w = BdfPlusWriter.open(bdf, { channels: [{ label: 'Biceps' }, { label: 'Triceps' }], sampleRateHz: RATE, startTime: new Date(2024, 0, 1) });
  const part = (first: number, n: number) => {
    const b = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      b[2 * i] = first + i;
      b[2 * i + 1] = -(first + i);
    }
    w.writeSamples(b, n);
  };
  part(0, 2000);
  w.markGap(1.0);
  part(2000, 1000);
  w.addAnnotation(0.5, null, formatEvent({ kind: 'set-start', set: 1, tag: 'internal' }));
  w.addAnnotation(0.8, 0.4, formatEvent({ kind: 'rep', rep: 1, set: 1 }));
  w.addAnnotation(1.6, 0.4, formatEvent({ kind: 'rep', rep: 2, set: 1 }));
  w.addAnnotation(3.5, null, formatEvent({ kind: 'set-end', set: 1, tag: 'internal' }));
  w.close();
});

function harness(p: string, speed = 1) {
  let now = 0;
  const player = new RecordingPlayer(p, { speed, pacing: 'manual', now: () => now });
  const events: SourceEvent[] = [];
  player.on((e) => events.push(e));
  const advance = (ms: number, step = 20) => {
    for (let left = ms; left > 0; left -= step) {
      now += Math.min(step, left);
      player.tick();
    }
  };
  const frames = () => events.filter((e) => e.type === 'samples').reduce((a, e) => a + (e.type === 'samples' ? e.block.frameCount : 0), 0);
  return { player, events, advance, frames };
}

describe('RecordingPlayer', () => {
  it('plays a native BDF+ in real time with its gap, annotations and end', async () => {
    const { player, events, advance, frames } = harness(bdf);
    await player.start();
    const info = (events.find((e) => e.type === 'info') as { info: StreamInfo }).info;
    expect(info).toMatchObject({ deviceId: 'replay:session.bdf', sampleRateHz: 1000, channelCount: 2, channelLabels: ['Biceps', 'Triceps'], adcBits: 24 });
    expect(player.durationS).toBeCloseTo(4, 9);
    expect(player.marks().map((m) => m.event.kind)).toEqual(['set-start', 'rep', 'rep', 'gap', 'set-end']);
    advance(1000);
    expect(frames()).toBe(1000);
    expect(player.position()).toBeCloseTo(1.0, 3);
    // samples arrive in order with the right values and stream indexes
    const blocks = events.filter((e) => e.type === 'samples').map((e) => (e as Extract<SourceEvent, { type: 'samples' }>).block);
    let expectIdx = 0;
    for (const b of blocks) {
      expect(b.firstSampleIndex).toBe(expectIdx);
      expect(Math.round(b.samples[0])).toBe(expectIdx);
      expectIdx += b.frameCount;
    }
    expect(events.filter((e) => e.type === 'annotation').map((e) => (e as { text: string }).text)).toEqual(['Set 1 start [tag=internal]', 'Rep 1 [set=1]']);
    advance(1500); // through the gap (1 s of file time with no samples)
    const gap = events.find((e) => e.type === 'gap') as Extract<SourceEvent, { type: 'gap' }>;
    expect(gap).toMatchObject({ reason: 'disconnect', firstSampleIndex: 2000, missingSamples: 1000 });
    expect(frames()).toBe(2000);
    advance(600);
    const after = events.filter((e) => e.type === 'samples').map((e) => (e as Extract<SourceEvent, { type: 'samples' }>).block);
    const firstAfterGap = after.find((b) => b.firstSampleIndex >= 3000)!;
    expect(firstAfterGap.firstSampleIndex).toBe(3000);
    expect(Math.round(firstAfterGap.samples[0])).toBe(2000);
    advance(1000);
    expect(frames()).toBe(3000);
    expect(player.state).toBe('ended');
    expect(events.filter((e) => e.type === 'annotation').length).toBe(5);
    await player.stop();
  });

  it('speed, pause, seek (with a seek gap) and replay after the end', async () => {
    const { player, events, advance, frames } = harness(bdf, 4);
    await player.start();
    advance(250); // 4× → 1 s of file
    expect(frames()).toBe(1000);
    player.pause();
    advance(500);
    expect(frames()).toBe(1000);
    expect(player.state).toBe('paused');
    player.setSpeed(0.25);
    expect(() => player.setSpeed(16)).toThrow('Playback speed 16× is outside 0.25× to 8×');
    player.seek(1.6);
    const seek = events.filter((e) => e.type === 'gap').pop() as Extract<SourceEvent, { type: 'gap' }>;
    expect(seek).toMatchObject({ reason: 'seek', firstSampleIndex: 1600, missingSamples: 600 });
    player.play();
    advance(400); // 0.25× → 0.1 s
    expect(frames()).toBe(1100);
    const texts = events.filter((e) => e.type === 'annotation').map((e) => (e as { text: string }).text);
    expect(texts[texts.length - 1]).toBe('Rep 2 [set=1]');
    player.seek(0.2); // backwards: negative jump
    expect((events.filter((e) => e.type === 'gap').pop() as { missingSamples: number }).missingSamples).toBe(-1500);
    player.setSpeed(8);
    advance(1000);
    expect(player.state).toBe('ended');
    player.play(); // from the start again
    expect(player.state).toBe('streaming');
    expect(player.position()).toBe(0);
    await player.stop();
  });

  it('plays an imported OpenBCI text file from memory', async () => {
    const { player, events, advance, frames } = harness(path.join(DATA, 'openbci-ganglion-grasp/OpenBCI-RAW-S05_S1REST.txt'), 8);
    await player.start();
    const info = (events.find((e) => e.type === 'info') as { info: StreamInfo }).info;
    expect(info).toMatchObject({ deviceId: 'replay:OpenBCI-RAW-S05_S1REST.txt', sampleRateHz: 200, channelCount: 4 });
    advance(1000);
    expect(frames()).toBe(1600);
    advance(3000);
    expect(frames()).toBe(4879);
    expect(player.state).toBe('ended');
  });

  it('a garbage file fails start() with a clear message and an error state', async () => {
    const p = path.join(dir(), 'junk.bdf');
    fs.writeFileSync(p, Buffer.alloc(400, 0x41));
    const { player, events } = harness(p);
    await expect(player.start()).rejects.toThrow('junk.bdf: not an EDF or BDF file');
    expect(events.find((e) => e.type === 'state' && e.state === 'error')).toBeTruthy();
  });
});
