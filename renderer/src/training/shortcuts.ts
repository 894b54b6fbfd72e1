/**
 * Keyboard shortcuts of the live page and the coach view:
 *   Space  start / end set      1 2 3  tag baseline / internal / external
 *   N      next cue             F      full screen on / off
 * Ignored while typing (inputs, selects, text areas, editable text), with Ctrl/Alt/Meta, and
 * entirely for read-only viewers (the host would reject the commands anyway).
 */
import { useEffect, useRef } from 'react';
import type { SetTag } from '../../../src/host/contract';
import type { TrainingController } from './use-training-controller';

export const SHORTCUT_HELP: readonly { keys: string; what: string }[] = [
  { keys: 'Space', what: 'start / end set' },
  { keys: '1 2 3 0', what: 'baseline / internal / external / untagged' },
  { keys: 'N', what: 'next cue' },
  { keys: 'F', what: 'full screen' },
];

const TAG_KEYS: Record<string, SetTag> = { '0': 'untagged', '1': 'baseline', '2': 'internal', '3': 'external' };

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

export function toggleFullscreen(): void {
  const doc = document;
  if (doc.fullscreenElement) {
    void doc.exitFullscreen?.().catch(() => undefined);
  } else {
    void doc.documentElement.requestFullscreen?.().catch(() => undefined);
  }
}

/** Start the next set (with the selected tag) or end the running one. */
export function toggleSet(ctl: TrainingController): void {
  const s = ctl.state;
  if (!s) return;
  if (s.setActive) void ctl.run('endSet', null);
  else void ctl.run('startSet', { tag: s.setTag });
}

export function useTrainingShortcuts(ctl: TrainingController, enabled: boolean): void {
  // the listener is installed once; it reads the newest controller through a ref
  const ref = useRef(ctl);
  ref.current = ctl;

  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTypingTarget(e.target)) return;
      // an open modal dialog owns the keyboard
      if (document.querySelector('[aria-modal="true"]')) return;
      const c = ref.current;
      if (c.readOnly) return;
      const key = e.key;
      if (key === ' ' || e.code === 'Space') {
        // also stops a focused button from "clicking" itself on the same key
        e.preventDefault();
        if (!e.repeat) toggleSet(c);
      } else if (TAG_KEYS[key]) {
        e.preventDefault();
        void c.run('tagSet', { tag: TAG_KEYS[key] });
      } else if (key === 'n' || key === 'N') {
        e.preventDefault();
        void c.run('nextCue', null);
      } else if (key === 'f' || key === 'F') {
        e.preventDefault();
        toggleFullscreen();
      }
    };
    const onKeyUp = (e: KeyboardEvent) => {
      // a focused button activates on Space keyup: we already handled the key on keydown
      if ((e.key === ' ' || e.code === 'Space') && !isTypingTarget(e.target) && !e.ctrlKey && !e.metaKey && !e.altKey) {
        if (!document.querySelector('[aria-modal="true"]')) e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, [enabled]);
}
