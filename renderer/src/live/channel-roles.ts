/** Which channel is the target, which assist, and what each is called. Pure. */
import type { HostStatus, TrainingState } from '../../../src/host/contract';

export interface ChannelRoles {
  channelCount: number;
  target: number;
  /** the first assisting channel, or null when there is only one channel */
  assisting: number | null;
  assistingAll: number[];
  /** display name per channel: muscle name when known, else the stream's label, else "ch<n>" */
  names: string[];
  /** short label per channel: "ch1" … */
  labels: string[];
}

export function channelRoles(status: HostStatus | null, training: TrainingState | null, bufferChannels = 0): ChannelRoles {
  const info = status?.device.info;
  const channelCount = info?.channelCount ?? (bufferChannels || 0);
  const setup = training?.setup;
  const target = setup?.targetChannel ?? 0;
  const assistingAll = setup && setup.assistingChannels.length > 0 ? setup.assistingChannels : channelCount === 1 ? [] : [target === 1 ? 0 : 1];
  const labels = Array.from({ length: channelCount }, (_, c) => `ch${c + 1}`);
  const names = labels.map((fallback, c) => {
    const muscle = setup?.muscles[c]?.trim();
    if (muscle) return muscle;
    if (training?.exercise) {
      if (c === target && training.exercise.target[0]) return training.exercise.target[0].muscle;
      const ai = assistingAll.indexOf(c);
      if (ai >= 0 && training.exercise.assisting[ai]) return training.exercise.assisting[ai].muscle;
    }
    const streamLabel = info?.channelLabels[c]?.trim();
    return streamLabel || fallback;
  });
  return { channelCount, target, assisting: assistingAll[0] ?? null, assistingAll, names, labels };
}

export const TARGET_COLOR = '#3ce0a0';
export const ASSIST_COLOR = '#ff8a4c';
/** per-channel colours for channels that are neither target nor assisting */
export const CHANNEL_COLORS = ['#5aa9ff', '#c38bff', '#ffd166', '#4dd4e6', '#ff6b9a', '#9be15d', '#f2a65a', '#8fa3ff'];

export function channelColor(c: number, roles: ChannelRoles): string {
  if (c === roles.target) return TARGET_COLOR;
  if (roles.assistingAll.includes(c)) return ASSIST_COLOR;
  return CHANNEL_COLORS[c % CHANNEL_COLORS.length];
}

export function formatDuration(s: number): string {
  const t = Math.max(0, Math.floor(s));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
