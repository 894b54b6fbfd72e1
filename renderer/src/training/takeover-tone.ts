/**
 * An optional short tone when the assisting muscle takes over (WebAudio, off by default; the
 * choice is remembered on this machine). Beeps on the rising edge and at most every 1.5 s while
 * the takeover lasts.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

const STORAGE_KEY = 'myocue.takeoverTone';
const REPEAT_MS = 1500;

function readSetting(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

let sharedCtx: AudioContext | null = null;
function audioContext(): AudioContext | null {
  if (sharedCtx) return sharedCtx;
  const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctor) return null;
  try {
    sharedCtx = new Ctor();
  } catch {
    sharedCtx = null;
  }
  return sharedCtx;
}

/** Two quick descending blips, ~250 ms, soft attack so it does not click. */
export function playTakeoverTone(): void {
  const ctx = audioContext();
  if (!ctx) return;
  if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
  const t = ctx.currentTime + 0.01;
  for (const [i, freq] of [880, 660].entries()) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    const start = t + i * 0.13;
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(0.18, start + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.11);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start);
    osc.stop(start + 0.12);
  }
}

export function useTakeoverTone(takeover: boolean): { enabled: boolean; setEnabled(on: boolean): void } {
  const [enabled, setEnabledState] = useState(readSetting);
  const lastBeep = useRef(0);

  const setEnabled = useCallback((on: boolean) => {
    setEnabledState(on);
    try {
      window.localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    // creating/resuming the context inside the click satisfies autoplay rules
    if (on) {
      const ctx = audioContext();
      if (ctx?.state === 'suspended') void ctx.resume().catch(() => undefined);
    }
  }, []);

  useEffect(() => {
    if (!enabled || !takeover) return;
    const beep = () => {
      const now = performance.now();
      if (now - lastBeep.current < REPEAT_MS - 50) return;
      lastBeep.current = now;
      playTakeoverTone();
    };
    beep();
    const id = window.setInterval(beep, REPEAT_MS);
    return () => window.clearInterval(id);
  }, [enabled, takeover]);

  return { enabled, setEnabled };
}
