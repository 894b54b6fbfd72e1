/**
 * The Myocue band's line protocol (firmware-protocol/PROTOCOL.md) behind the same byte-in,
 * events-out interface as the other families: bytes are split at '\n' and handed to
 * BandStreamDecoder, whose header, samples, gaps and replies become family events.
 */
import type { LinkCounters, StreamInfo } from '../sample-source';
import { BandStreamDecoder, type BandHeader } from '../../../firmware-protocol/codec';
import type { FamilyDecoder, FamilyEvent } from './family-decoder';

const MAX_LINE = 8192;

export function myocueStreamInfo(h: BandHeader): StreamInfo {
  return {
    deviceId: h.deviceId,
    firmware: h.firmware,
    sampleRateHz: h.sampleRateHz,
    channelCount: h.channelCount,
    adcBits: h.adcBits,
    microvoltsPerCount: h.microvoltsPerCount,
    channelLabels: Array.from({ length: h.channelCount }, (_, i) => `ch${i + 1}`),
    family: 'myocue',
    scale: `${h.microvoltsPerCount} µV per count (band header)`,
    unit: 'µV',
    rateSource: 'device',
  };
}

export class MyocueLineDecoder implements FamilyDecoder {
  private decoder = new BandStreamDecoder();
  private line = '';
  private lastInfo: StreamInfo | null = null;

  get counters(): LinkCounters {
    return this.decoder.counters;
  }

  resync(): void {
    this.line = '';
    this.decoder.resumeAt(0);
  }

  push(bytes: Uint8Array, _atMs: number): FamilyEvent[] {
    const events: FamilyEvent[] = [];
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] !== 10) continue;
      this.onLine(this.line + latin1(bytes, start, i), events);
      this.line = '';
      start = i + 1;
    }
    if (start < bytes.length) {
      this.line += latin1(bytes, start, bytes.length);
      if (this.line.length > MAX_LINE) {
        this.decoder.counters.bytesDiscarded += this.line.length;
        this.line = '';
      }
    }
    return events;
  }

  private onLine(line: string, events: FamilyEvent[]): void {
    for (const ev of this.decoder.push(line)) {
      switch (ev.type) {
        case 'header': {
          const info = myocueStreamInfo(ev.header);
          const l = this.lastInfo;
          if (!l || l.sampleRateHz !== info.sampleRateHz || l.channelCount !== info.channelCount || l.microvoltsPerCount !== info.microvoltsPerCount) {
            events.push({ type: 'info', info });
          }
          this.lastInfo = info;
          break;
        }
        case 'samples':
          events.push({ type: 'samples', samples: ev.microvolts, frames: ev.frames });
          break;
        case 'gap':
          events.push({ type: 'lost', frames: ev.missingSamples });
          break;
        case 'reply':
          if (ev.text.startsWith('#ERR')) events.push({ type: 'notice', level: 'error', text: `Band says: ${ev.text.slice(1)}` });
          break;
        case 'corrupt':
          break;
      }
    }
  }
}

function latin1(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i]);
  return s;
}
