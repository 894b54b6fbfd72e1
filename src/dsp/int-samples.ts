/**
 * Little-endian two's-complement samples (EDF: 16-bit, BDF: 24-bit) decoded from whole data
 * records into one lane of a channel-interleaved Float64Array, as µV: v = d·gain + offset. The
 * JS form of assembly/int-samples.ts (which the SIMD kernel's instance runs on its own memory;
 * same operations, same numbers): the fallback when the kernel is not there, and the reference.
 */

export interface IntSampleLayout {
  /** 2 (EDF) or 3 (BDF) */
  bytesPerSample: number;
  /** byte offset of the signal's first sample in the first record */
  byteOffset: number;
  recordBytes: number;
  samplesPerRecord: number;
  /** µV per digital unit and µV at 0 (the signal's scale, physical dimension applied) */
  gain: number;
  offset: number;
}

/**
 * Decodes `frames` samples of one signal from `bytes` (whole records from its start) into
 * x[f·stride + lane]. Returns the index of the first sample that is not 0, -1 when none is (only
 * looked for when findNonZero, else -1).
 */
export function decodeIntLe(bytes: Uint8Array, l: IntSampleLayout, frames: number, x: Float64Array, stride: number, lane: number, findNonZero: boolean): number {
  const { bytesPerSample: bps, recordBytes, samplesPerRecord: spr, gain: g, offset: off } = l;
  let nz = -1;
  let w = 0;
  for (let r = 0; w < frames; r++) {
    let p = r * recordBytes + l.byteOffset;
    const first = w;
    const end = w + Math.min(spr, frames - w);
    let o = w * stride + lane;
    if (bps === 3) {
      for (; w < end; w++, p += 3, o += stride) x[o] = (((bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16)) << 8) >> 8) * g + off;
    } else {
      for (; w < end; w++, p += 2, o += stride) x[o] = (((bytes[p] | (bytes[p + 1] << 8)) << 16) >> 16) * g + off;
    }
    if (findNonZero && nz < 0) {
      for (let f = first, i = first * stride + lane; f < end; f++, i += stride) {
        if (x[i] !== 0) {
          nz = f;
          break;
        }
      }
    }
  }
  return nz;
}
