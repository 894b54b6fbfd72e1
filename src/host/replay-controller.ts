/**
 * The replay controller: the recording being played as the host's source (a RecordingPlayer),
 * what the renderer is told about it (title, position, speed, set and rep marks), play / pause /
 * speed / seek, and the periodic position push.
 */
import type { Commands, ReplayStatus } from './contract';
import type { RecordingMark, RecordingPlayer } from '../devices/recording-player';
import type { ReplayCorrections } from './replay-corrections';
import { formatEvent } from '../recording/events';

/** How often the replay position is pushed (as a status event). */
export const REPLAY_STATUS_INTERVAL_MS = 250;

export interface ReplayInfo {
  sessionId?: string;
  path: string;
  title: string;
  /** where a corrected set is saved (replay-corrections.ts) */
  corrections?: ReplayCorrections;
}

export class ReplayController {
  private player: RecordingPlayer | null = null;
  private info: ReplayInfo | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly onStatus: () => void) {}

  get active(): boolean {
    return this.player !== null;
  }

  get sessionId(): string | undefined {
    return this.info?.sessionId;
  }

  /** where a set corrected in this replay is saved, if the replay is open */
  get corrections(): ReplayCorrections | undefined {
    return this.info?.corrections;
  }

  /** The player was started and opened its file: it becomes the replay shown. */
  begin(player: RecordingPlayer, info: ReplayInfo): void {
    this.end();
    this.player = player;
    this.info = info;
    this.timer = setInterval(() => this.onStatus(), REPLAY_STATUS_INTERVAL_MS);
    this.timer.unref?.();
  }

  end(): void {
    this.player = null;
    this.info = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  status(): ReplayStatus | null {
    const p = this.player;
    const r = this.info;
    if (!p || !r) return null;
    const { corrections, ...shown } = r;
    return {
      ...shown,
      ...(corrections ? { corrections: corrections.status() } : {}),
      positionS: p.position(),
      durationS: p.durationS,
      speed: p.speed,
      playing: p.state === 'streaming',
      marks: p.marks().map((m) => ({
        timeS: m.timeS,
        // a set's tag corrected after the recording: its marks say the saved tag
        label: correctedLabel(m, corrections),
        kind: m.event.kind === 'set-start' || m.event.kind === 'set-end' ? 'set' : m.event.kind === 'rep' ? 'rep' : 'other',
      })),
    };
  }

  control(a: Commands['replayControl']['arg']): void {
    const p = this.player;
    if (!p) throw new Error('Nothing is being replayed: open a session first.');
    switch (a.action) {
      case 'play':
        p.play();
        break;
      case 'pause':
        p.pause();
        break;
      case 'speed':
        p.setSpeed(a.speed);
        break;
      case 'seek':
        p.seek(a.timeS);
        break;
    }
    this.onStatus();
  }
}

/** A set mark's text with the tag saved after the recording (the recorded text otherwise). */
function correctedLabel(m: RecordingMark, corrections: ReplayCorrections | undefined): string {
  const e = m.event;
  if (!corrections || (e.kind !== 'set-start' && e.kind !== 'set-end' && e.kind !== 'set-tag')) return m.text;
  const tag = corrections.tagFor(e.set, m.timeS);
  return tag === null || tag === e.tag ? m.text : formatEvent({ ...e, tag });
}
