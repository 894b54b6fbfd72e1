/**
 * Listeners (src/util/listeners.ts), the one typed listener set the host, the training session,
 * the DSP runners and the sources use: a listener's throw is logged under the set's name and never
 * stops the others; unsubscribing removes only that listener.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Listeners } from '../../src/util/listeners';
import { SourceEmitter, type SourceEvent } from '../../src/devices/sample-source';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Listeners', () => {
  it("a throwing listener is logged under the set's name and the others still hear the event", () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const named = new Listeners<number>('DSP listener');
    const heard: number[] = [];
    named.add(() => {
      throw new Error('boom');
    });
    const off = named.add((v) => heard.push(v));
    named.add((v) => heard.push(10 * v));
    named.emit(2);
    expect(heard).toEqual([2, 20]);
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0][0]).toBe('myocue: DSP listener failed:');
    expect(named.size).toBe(3);
    off();
    named.emit(3);
    expect(heard).toEqual([2, 20, 30]);
    expect(new Listeners<number>().size).toBe(0);
    const plain = new Listeners<number>();
    plain.add(() => {
      throw new Error('boom');
    });
    plain.emit(1);
    expect(error.mock.calls[2][0]).toBe('myocue: listener failed:');
  });

  it("a source's emitter: the same, as 'source listener'", () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const emitter = new SourceEmitter();
    const seen: SourceEvent[] = [];
    emitter.on(() => {
      throw new Error('boom');
    });
    const off = emitter.on((e) => seen.push(e));
    const event: SourceEvent = { type: 'state', state: 'streaming' } as SourceEvent;
    emitter.emit(event);
    expect(seen).toEqual([event]);
    expect(error.mock.calls[0][0]).toBe('myocue: source listener failed:');
    off();
    emitter.emit(event);
    expect(seen).toHaveLength(1);
  });
});
