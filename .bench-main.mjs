// ../../main/src/formats/detect-format.ts
import * as fs4 from "node:fs";
import * as pathMod3 from "node:path";

// ../../main/src/formats/imported-recording.ts
var ImportError = class extends Error {
  constructor(fileName, problem) {
    super(`${fileName}: ${problem}`);
    this.name = "ImportError";
  }
};
function singleSegment(frames) {
  return frames > 0 ? [{ firstFrame: 0, frames, onsetS: 0 }] : [];
}
function finishImport(rec, channels) {
  let r = rec;
  if (channels && channels.length) {
    for (const c of channels) {
      if (!Number.isInteger(c) || c < 0 || c >= rec.samples.length) {
        throw new ImportError(rec.fileName, `channel ${c} does not exist (the file has channels 0-${rec.samples.length - 1}: ${rec.channelLabels.join(", ")})`);
      }
    }
    r = {
      ...rec,
      channelLabels: channels.map((c) => rec.channelLabels[c]),
      units: channels.map((c) => rec.units[c]),
      samples: channels.map((c) => rec.samples[c])
    };
  }
  if (r.frameCount === 0) throw new ImportError(r.fileName, "contains no samples");
  const zero = r.samples.map((s, i) => s.every((v) => v === 0) ? r.channelLabels[i] : null).filter((x) => x !== null);
  if (zero.length) r.warnings.push(`${zero.length} channel(s) are all zero (unused inputs?): ${zero.join(", ")}`);
  return r;
}

// ../../main/src/formats/edf-import.ts
import * as fs2 from "node:fs";

// ../../main/src/recording/bdf-reader.ts
import * as fs from "node:fs";
import * as pathMod from "node:path";

// ../../main/src/recording/edf-header.ts
var MAIN_HEADER_BYTES = 256;
var SIGNAL_HEADER_BYTES = 256;
var ANNOTATION_LABEL_EDF = "EDF Annotations";
var ANNOTATION_LABEL_BDF = "BDF Annotations";
var DIGITAL_RANGE = {
  edf: { min: -32768, max: 32767, bytesPerSample: 2 },
  bdf: { min: -8388608, max: 8388607, bytesPerSample: 3 }
};
var EdfFormatError = class extends Error {
  constructor(file, problem) {
    super(`${file}: ${problem}`);
    this.name = "EdfFormatError";
  }
};
function parseNumber(file, text, what, integer) {
  const t = text.trim();
  const x = Number(t);
  if (t === "" || !Number.isFinite(x) || integer && !Number.isInteger(x)) {
    throw new EdfFormatError(file, `not an EDF/BDF file: header field "${what}" is "${t}", not a number`);
  }
  return x;
}
function parseMainHeader(file, b) {
  if (b.length < MAIN_HEADER_BYTES) {
    throw new EdfFormatError(file, `file is too short for an EDF/BDF header (${b.length} bytes, need at least 256): it is empty or truncated`);
  }
  const s = (o, n) => b.toString("latin1", o, o + n);
  let variant;
  if (b[0] === 255 && s(1, 7) === "BIOSEMI") variant = "bdf";
  else if (s(0, 8).trim() === "0") variant = "edf";
  else throw new EdfFormatError(file, 'not an EDF or BDF file (the header does not start with "0" or 0xFF "BIOSEMI")');
  const reserved = s(192, 44).trim();
  const plus = /^(EDF|BDF)\+C/.test(reserved) ? "C" : /^(EDF|BDF)\+D/.test(reserved) ? "D" : null;
  const headerBytes = parseNumber(file, s(184, 8), "number of bytes in header", true);
  const signalCount = parseNumber(file, s(252, 4), "number of signals", true);
  if (signalCount < 1 || headerBytes !== MAIN_HEADER_BYTES + SIGNAL_HEADER_BYTES * signalCount) {
    throw new EdfFormatError(file, `corrupt header: ${signalCount} signals but header size ${headerBytes} bytes`);
  }
  return {
    signalCount,
    main: {
      variant,
      plus,
      patientId: s(8, 80).trim(),
      recordingId: s(88, 80).trim(),
      startDate: s(168, 8).trim(),
      startTime: s(176, 8).trim(),
      headerBytes,
      reserved,
      recordCount: parseNumber(file, s(236, 8), "number of data records", true),
      recordDurationS: parseNumber(file, s(244, 8), "duration of a data record", false)
    }
  };
}
function parseSignalHeaders(file, b, signalCount) {
  const need = MAIN_HEADER_BYTES + SIGNAL_HEADER_BYTES * signalCount;
  if (b.length < need) throw new EdfFormatError(file, `file is truncated inside the header (${b.length} of ${need} header bytes)`);
  let off = MAIN_HEADER_BYTES;
  const column = (width) => {
    const out2 = [];
    for (let i = 0; i < signalCount; i++) {
      out2.push(b.toString("latin1", off, off + width).trim());
      off += width;
    }
    return out2;
  };
  const label = column(16);
  const transducer = column(80);
  const dim = column(8);
  const pmin = column(8);
  const pmax = column(8);
  const dmin = column(8);
  const dmax = column(8);
  const pre = column(80);
  const spr = column(8);
  const res = column(32);
  const out = [];
  for (let i = 0; i < signalCount; i++) {
    const sig = {
      label: label[i],
      transducer: transducer[i],
      physicalDimension: dim[i],
      physicalMin: parseNumber(file, pmin[i], `physical minimum of signal ${i + 1}`, false),
      physicalMax: parseNumber(file, pmax[i], `physical maximum of signal ${i + 1}`, false),
      digitalMin: parseNumber(file, dmin[i], `digital minimum of signal ${i + 1}`, true),
      digitalMax: parseNumber(file, dmax[i], `digital maximum of signal ${i + 1}`, true),
      prefiltering: pre[i],
      samplesPerRecord: parseNumber(file, spr[i], `samples per record of signal ${i + 1}`, true),
      reserved: res[i]
    };
    if (sig.samplesPerRecord < 1) throw new EdfFormatError(file, `corrupt header: signal ${i + 1} has ${sig.samplesPerRecord} samples per record`);
    if (sig.digitalMax <= sig.digitalMin) throw new EdfFormatError(file, `corrupt header: signal ${i + 1} digital maximum is not above its minimum`);
    out.push(sig);
  }
  return out;
}
function signalScale(s) {
  const gain = (s.physicalMax - s.physicalMin) / (s.digitalMax - s.digitalMin);
  return { gain, offset: s.physicalMin - s.digitalMin * gain };
}
function microvoltsPerUnit(dimension) {
  const d = dimension.trim().replace("\xB5", "u").replace("\u03BC", "u");
  switch (d) {
    case "uV":
      return 1;
    case "mV":
      return 1e3;
    case "V":
      return 1e6;
    case "nV":
      return 1e-3;
    default:
      return null;
  }
}
function isAnnotationSignal(s) {
  return s.label === ANNOTATION_LABEL_EDF || s.label === ANNOTATION_LABEL_BDF;
}

// ../../main/src/recording/tal.ts
function decodeRecordTals(bytes) {
  const annotations = [];
  let recordOnsetS = null;
  let malformed = 0;
  let start = 0;
  let first = true;
  while (start < bytes.length) {
    let end = bytes.indexOf(0, start);
    if (end < 0) end = bytes.length;
    if (end > start) {
      const tal = bytes.toString("utf8", start, end);
      const parsed = parseTal(tal);
      if (!parsed) malformed++;
      else {
        const texts = parsed.texts;
        if (first && texts.length > 0 && texts[0] === "") {
          recordOnsetS = parsed.onsetS;
          for (const t of texts.slice(1)) if (t !== "") annotations.push({ onsetS: parsed.onsetS, durationS: parsed.durationS, text: t });
        } else {
          for (const t of texts) if (t !== "") annotations.push({ onsetS: parsed.onsetS, durationS: parsed.durationS, text: t });
        }
      }
      first = false;
    }
    start = end + 1;
  }
  return { recordOnsetS, annotations, malformed };
}
var TAL_HEAD = /^([+-]\d+(?:\.\d*)?)(?:\x15(\d+(?:\.\d*)?))?\x14/;
function parseTal(tal) {
  const m = TAL_HEAD.exec(tal);
  if (!m) return null;
  const rest = tal.slice(m[0].length);
  const parts = rest.split("");
  if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return { onsetS: Number(m[1]), durationS: m[2] !== void 0 ? Number(m[2]) : null, texts: parts.length ? parts : [""] };
}

// ../../main/src/recording/events.ts
function parseAttrs(s) {
  const out = {};
  if (!s) return out;
  for (const part of s.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
var SET_RE = /^Set (\d+) (start|end)(?: \[([^\]]*)\])?$/;
var REP_RE = /^Rep (\d+)(?: \[([^\]]*)\])?$/;
var GAP_RE = /^Gap (\d+(?:\.\d+)?) s \(([^)]*)\)$/;
function parseEvent(text) {
  const t = text.trim();
  let m = SET_RE.exec(t);
  if (m) {
    const a = parseAttrs(m[3]);
    const e = { set: Number(m[1]), ...a.tag !== void 0 ? { tag: a.tag } : {} };
    return m[2] === "start" ? { kind: "set-start", ...e } : { kind: "set-end", ...e };
  }
  m = REP_RE.exec(t);
  if (m) {
    const a = parseAttrs(m[2]);
    return { kind: "rep", rep: Number(m[1]), ...a.set !== void 0 && Number.isFinite(Number(a.set)) ? { set: Number(a.set) } : {} };
  }
  m = GAP_RE.exec(t);
  if (m) return { kind: "gap", durationS: Number(m[1]), reason: m[2] };
  if (t.startsWith("Cue: ")) return { kind: "cue", text: t.slice(5) };
  if (t.startsWith("Calibration: ")) return { kind: "calibration", text: t.slice(13) };
  if (t.startsWith("Settings: ")) return { kind: "settings", text: t.slice(10) };
  if (t === "Recording end") return { kind: "recording-end" };
  return { kind: "note", text };
}

// ../../main/src/recording/bdf-reader.ts
function parseStartTime(h) {
  const d = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(h.startDate);
  const t = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(h.startTime);
  if (!d || !t) return null;
  let year = Number(d[3]);
  year += year >= 85 ? 1900 : 2e3;
  const m = /^Startdate \d\d-[A-Z]{3}-(\d{4})\b/.exec(h.recordingId);
  if (m) year = Number(m[1]);
  const date = new Date(year, Number(d[2]) - 1, Number(d[1]), Number(t[1]), Number(t[2]), Number(t[3]));
  return Number.isNaN(date.getTime()) ? null : date;
}
function openEdfRecording(path) {
  const fileName = pathMod.basename(path);
  return withOpenFile(path, fileName, (fd) => scanAnnotations(fd, readEdfHead(fd, path, fileName)));
}
function withOpenFile(path, fileName, use) {
  let fd;
  try {
    fd = fs.openSync(path, "r");
  } catch (err) {
    const code = err.code;
    throw new Error(`${fileName}: cannot open (${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : err.message})`);
  }
  try {
    return use(fd);
  } finally {
    fs.closeSync(fd);
  }
}
function scanAnnotations(fd, head) {
  const scan = new EdfAnnotationScan(head);
  if (scan.needsRecords) {
    const perChunk = Math.max(1, Math.floor((512 << 10) / head.recordBytes));
    const chunk = Buffer.alloc(perChunk * head.recordBytes);
    for (let r0 = 0; r0 < head.recordCount; r0 += perChunk) {
      const n = Math.min(perChunk, head.recordCount - r0);
      fs.readSync(fd, chunk, 0, n * head.recordBytes, head.header.headerBytes + r0 * head.recordBytes);
      scan.addRecords(chunk, n);
    }
  }
  return scan.finish();
}
function readEdfHead(fd, path, fileName) {
  const size = fs.fstatSync(fd).size;
  if (size === 0) throw new EdfFormatError(fileName, "the file is empty");
  const mainBuf = Buffer.alloc(Math.min(size, MAIN_HEADER_BYTES));
  fs.readSync(fd, mainBuf, 0, mainBuf.length, 0);
  const { main, signalCount } = parseMainHeader(fileName, mainBuf);
  const headerBuf = Buffer.alloc(Math.min(size, main.headerBytes));
  fs.readSync(fd, headerBuf, 0, headerBuf.length, 0);
  const signals = parseSignalHeaders(fileName, headerBuf, signalCount);
  const header = { ...main, signals };
  const warnings = [];
  if (!(header.recordDurationS > 0)) throw new EdfFormatError(fileName, `record duration ${header.recordDurationS} s is not positive`);
  const bps = DIGITAL_RANGE[header.variant].bytesPerSample;
  const annotationSignals = signals.map((s, i) => isAnnotationSignal(s) ? i : -1).filter((i) => i >= 0);
  const candidates = signals.map((_, i) => i).filter((i) => !annotationSignals.includes(i));
  if (candidates.length === 0) throw new EdfFormatError(fileName, "the file has no signals, only annotations");
  const maxSpr = Math.max(...candidates.map((i) => signals[i].samplesPerRecord));
  const dataSignals = candidates.filter((i) => signals[i].samplesPerRecord === maxSpr);
  const skipped = candidates.filter((i) => signals[i].samplesPerRecord !== maxSpr);
  if (skipped.length) {
    warnings.push(`skipped ${skipped.length} signal(s) recorded at a lower rate: ${skipped.map((i) => signals[i].label).join(", ")}`);
  }
  const recordBytes = signals.reduce((a, s) => a + s.samplesPerRecord * bps, 0);
  const dataBytes = size - header.headerBytes;
  if (dataBytes < 0) throw new EdfFormatError(fileName, `file is truncated inside the header (${size} of ${header.headerBytes} bytes)`);
  const wholeRecords = Math.floor(dataBytes / recordBytes);
  const tailBytes = dataBytes - wholeRecords * recordBytes;
  let recordCount = header.recordCount;
  let recovered = false;
  let recoveryMessage;
  const tailNote = tailBytes > 0 ? `; dropped an incomplete last record (${tailBytes} of ${recordBytes} bytes)` : "";
  if (header.recordCount === -1) {
    recovered = true;
    recordCount = wholeRecords;
    recoveryMessage = `${fileName}: the recording was not closed properly (app crash or power loss); recovered ${wholeRecords} whole data records (${(wholeRecords * header.recordDurationS).toFixed(2)} s)${tailNote}`;
  } else if (header.recordCount < -1) {
    throw new EdfFormatError(fileName, `corrupt header: number of data records is ${header.recordCount}`);
  } else if (header.recordCount > wholeRecords) {
    recovered = true;
    recordCount = wholeRecords;
    recoveryMessage = `${fileName}: the file is truncated: the header says ${header.recordCount} data records, only ${wholeRecords} are complete (${(wholeRecords * header.recordDurationS).toFixed(2)} s kept)${tailNote}`;
  } else if (header.recordCount < wholeRecords || tailBytes > 0) {
    warnings.push(`${fileName}: ${dataBytes - header.recordCount * recordBytes} bytes after the last data record were ignored`);
  }
  const spr = signals[dataSignals[0]].samplesPerRecord;
  const rate = spr / header.recordDurationS;
  const signalOffsets = [];
  let o = 0;
  for (let i = 0; i < signals.length; i++) {
    signalOffsets.push(o);
    o += signals[i].samplesPerRecord * bps;
  }
  const totalFrames = recordCount * spr;
  return {
    path,
    fileName,
    header,
    variant: header.variant,
    plus: header.plus,
    dataSignals,
    annotationSignals,
    sampleRateHz: rate,
    channelCount: dataSignals.length,
    channelLabels: dataSignals.map((i) => signals[i].label),
    channelUnits: dataSignals.map((i) => microvoltsPerUnit(signals[i].physicalDimension) === null ? signals[i].physicalDimension : "uV"),
    prefiltering: dataSignals.map((i) => signals[i].prefiltering),
    samplesPerRecord: spr,
    recordBytes,
    recordCount,
    totalFrames,
    durationS: totalFrames / rate,
    spanS: 0,
    startTime: null,
    annotations: [],
    segments: [],
    recovered,
    recoveryMessage,
    warnings,
    signalOffsets
  };
}
function timeKeepingOnly(b, start, stop) {
  let p = start;
  if (p >= stop || b[p] !== 43 && b[p] !== 45) return null;
  p++;
  const d0 = p;
  while (p < stop && b[p] >= 48 && b[p] <= 57) p++;
  if (p === d0) return null;
  if (p < stop && b[p] === 46) {
    p++;
    while (p < stop && b[p] >= 48 && b[p] <= 57) p++;
  }
  const numEnd = p;
  if (p + 2 > stop) return null;
  if (b[p] !== 20 || b[p + 1] !== 20) return null;
  p += 2;
  if (!(p === stop || p === stop - 1 && b[p] === 0)) return null;
  return Number(b.toString("latin1", start, numEnd));
}
var EdfAnnotationScan = class {
  head;
  recordOnsets;
  annotations = [];
  next = 0;
  malformed = 0;
  missingTk = 0;
  finished = false;
  constructor(head) {
    this.head = head;
    this.recordOnsets = new Float64Array(head.recordCount);
  }
  /** false when there is nothing to read (no annotation signal or no records): call finish() */
  get needsRecords() {
    return this.head.annotationSignals.length > 0 && this.head.recordCount > 0;
  }
  /** records done so far */
  get recordsDone() {
    return this.next;
  }
  /** The next `n` records (whole, in file order), from the start of `chunk`. */
  addRecords(chunk, n) {
    if (!this.needsRecords) return;
    const { header, annotationSignals, signalOffsets, recordBytes } = this.head;
    const signals = header.signals;
    const bps = DIGITAL_RANGE[header.variant].bytesPerSample;
    const recordOnsets = this.recordOnsets;
    const annotations = this.annotations;
    const count = Math.min(n, this.head.recordCount - this.next);
    for (let k = 0; k < count; k++) {
      const r = this.next + k;
      let tk = null;
      for (let j = 0; j < annotationSignals.length; j++) {
        const si = annotationSignals[j];
        const start = k * recordBytes + signalOffsets[si];
        let stop = start + signals[si].samplesPerRecord * bps;
        while (stop > start && chunk[stop - 1] === 0) stop--;
        if (stop < start + signals[si].samplesPerRecord * bps) stop++;
        const onset = timeKeepingOnly(chunk, start, stop);
        if (onset !== null) {
          if (j === 0) tk = onset;
          continue;
        }
        const dec = decodeRecordTals(chunk.subarray(start, stop));
        this.malformed += dec.malformed;
        if (j === 0) tk = dec.recordOnsetS;
        for (const a of dec.annotations) annotations.push(a);
      }
      if (tk === null) this.missingTk++;
      recordOnsets[r] = tk ?? (r === 0 ? 0 : recordOnsets[r - 1] + header.recordDurationS);
    }
    this.next += count;
  }
  finish() {
    if (this.finished) throw new Error("EdfAnnotationScan.finish called twice");
    this.finished = true;
    const { header, fileName, samplesPerRecord: spr, sampleRateHz: rate, recordCount, dataSignals } = this.head;
    const signals = header.signals;
    const warnings = [...this.head.warnings];
    const recordOnsets = this.recordOnsets;
    const annotations = this.annotations;
    const plus = header.plus;
    let firstOnset = 0;
    if (this.needsRecords) {
      if (this.next < recordCount) throw new Error(`${fileName}: annotation scan stopped at record ${this.next} of ${recordCount}`);
      if (this.malformed) warnings.push(`${fileName}: ${this.malformed} malformed annotation(s) were skipped`);
      if (this.missingTk && plus) warnings.push(`${fileName}: ${this.missingTk} data record(s) had no time-keeping annotation; assumed contiguous`);
      firstOnset = recordOnsets[0];
      for (let r = 0; r < recordCount; r++) recordOnsets[r] -= firstOnset;
      for (const a of annotations) a.onsetS -= firstOnset;
      annotations.sort((a, b) => a.onsetS - b.onsetS);
    } else {
      for (let r = 0; r < recordCount; r++) recordOnsets[r] = r * header.recordDurationS;
    }
    if (plus !== "D") {
      for (let r = 0; r < recordCount; r++) recordOnsets[r] = r * header.recordDurationS;
    }
    const segments = [];
    const tolS = 0.5 / rate;
    for (let r = 0; r < recordCount; r++) {
      const last = segments[segments.length - 1];
      if (last && Math.abs(recordOnsets[r] - (last.onsetS + last.frames / rate)) <= tolS) last.frames += spr;
      else segments.push({ firstFrame: r * spr, frames: spr, onsetS: recordOnsets[r] });
    }
    let totalFrames = recordCount * spr;
    const end = [...annotations].reverse().find((a) => parseEvent(a.text).kind === "recording-end");
    if (end) {
      const endFrame = timeToFrame(segments, rate, end.onsetS);
      if (endFrame < totalFrames) {
        totalFrames = endFrame;
        trimSegments(segments, totalFrames);
      }
    }
    const startBase = parseStartTime(header);
    const startTime = startBase ? new Date(startBase.getTime() + Math.round(firstOnset * 1e3)) : null;
    if (!startBase) warnings.push(`${fileName}: start date/time "${header.startDate} ${header.startTime}" is unreadable`);
    const channelUnits = [];
    for (const i of dataSignals) {
      const f = microvoltsPerUnit(signals[i].physicalDimension);
      channelUnits.push(f === null ? signals[i].physicalDimension : "uV");
    }
    const nonVoltage = dataSignals.filter((_, k) => channelUnits[k] !== "uV");
    if (nonVoltage.length) {
      warnings.push(`${fileName}: ${nonVoltage.map((i) => `"${signals[i].label}" (${signals[i].physicalDimension || "no unit"})`).join(", ")} not in volts: values kept as stored`);
    }
    const lastSeg = segments[segments.length - 1];
    const h = this.head;
    return {
      path: h.path,
      fileName,
      header,
      variant: header.variant,
      plus,
      dataSignals,
      annotationSignals: h.annotationSignals,
      sampleRateHz: rate,
      channelCount: dataSignals.length,
      channelLabels: h.channelLabels,
      channelUnits,
      prefiltering: h.prefiltering,
      samplesPerRecord: spr,
      recordBytes: h.recordBytes,
      recordCount,
      totalFrames,
      durationS: totalFrames / rate,
      spanS: lastSeg ? lastSeg.onsetS + lastSeg.frames / rate : 0,
      startTime,
      annotations,
      segments,
      recovered: h.recovered,
      recoveryMessage: h.recoveryMessage,
      warnings
    };
  }
};
function timeToFrame(segments, rateHz, tS) {
  let frame = 0;
  for (const s of segments) {
    if (tS < s.onsetS) return s.firstFrame;
    const f = Math.round((tS - s.onsetS) * rateHz);
    if (f <= s.frames) return s.firstFrame + f;
    frame = s.firstFrame + s.frames;
  }
  return frame;
}
function trimSegments(segments, totalFrames) {
  while (segments.length && segments[segments.length - 1].firstFrame >= totalFrames) segments.pop();
  const last = segments[segments.length - 1];
  if (last) last.frames = totalFrames - last.firstFrame;
}
var EdfFrameReader = class {
  info;
  fd;
  gains;
  offsets;
  signalByteOffset;
  bps;
  cache;
  cacheRecords;
  cacheFirst = -1;
  cacheCount = 0;
  constructor(info, cacheBytes = 1 << 20) {
    this.info = info;
    try {
      this.fd = fs.openSync(info.path, "r");
    } catch (err) {
      throw new Error(`${info.fileName}: cannot open (${err.message})`);
    }
    const sigs = info.header.signals;
    this.bps = DIGITAL_RANGE[info.variant].bytesPerSample;
    const nc = info.channelCount;
    this.gains = new Float64Array(nc);
    this.offsets = new Float64Array(nc);
    this.signalByteOffset = new Int32Array(nc);
    const starts = [];
    let o = 0;
    for (const s of sigs) {
      starts.push(o);
      o += s.samplesPerRecord * this.bps;
    }
    info.dataSignals.forEach((si, c) => {
      const { gain, offset } = signalScale(sigs[si]);
      const f = microvoltsPerUnit(sigs[si].physicalDimension) ?? 1;
      this.gains[c] = gain * f;
      this.offsets[c] = offset * f;
      this.signalByteOffset[c] = starts[si];
    });
    this.cacheRecords = Math.max(1, Math.floor(cacheBytes / info.recordBytes));
    this.cache = Buffer.alloc(this.cacheRecords * info.recordBytes);
  }
  /**
   * Copies frames [first, first+count) into `out` (interleaved µV, length ≥ count × channels).
   * Returns the number of frames copied (fewer at the end of the file).
   */
  readFrames(first, count, out) {
    if (this.fd === null) throw new Error(`${this.info.fileName}: reader is closed`);
    const { totalFrames, samplesPerRecord: spr, channelCount: nc, recordBytes } = this.info;
    const n = Math.max(0, Math.min(count, totalFrames - first));
    const bps = this.bps;
    let f = 0;
    while (f < n) {
      const frame = first + f;
      const r = Math.floor(frame / spr);
      if (r < this.cacheFirst || r >= this.cacheFirst + this.cacheCount) this.fill(r);
      const base = (r - this.cacheFirst) * recordBytes;
      const inRec = frame - r * spr;
      const take = Math.min(spr - inRec, n - f);
      for (let c = 0; c < nc; c++) {
        const g = this.gains[c];
        const off = this.offsets[c];
        let p = base + this.signalByteOffset[c] + inRec * bps;
        let w = f * nc + c;
        for (let k = 0; k < take; k++) {
          let d;
          if (bps === 3) {
            d = this.cache[p] | this.cache[p + 1] << 8 | this.cache[p + 2] << 16;
            if (d & 8388608) d -= 16777216;
          } else {
            d = this.cache[p] | this.cache[p + 1] << 8;
            if (d & 32768) d -= 65536;
          }
          out[w] = d * g + off;
          p += bps;
          w += nc;
        }
      }
      f += take;
    }
    return n;
  }
  fill(record) {
    const count = Math.min(this.cacheRecords, this.info.recordCount - record);
    const bytes = count * this.info.recordBytes;
    const got = fs.readSync(this.fd, this.cache, 0, bytes, this.info.header.headerBytes + record * this.info.recordBytes);
    if (got < bytes) throw new Error(`${this.info.fileName}: the file became shorter while reading (record ${record})`);
    this.cacheFirst = record;
    this.cacheCount = count;
  }
  close() {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
};
function readBlocks(pathOrInfo, framesPerBlock, cb) {
  const info = typeof pathOrInfo === "string" ? openEdfRecording(pathOrInfo) : pathOrInfo;
  const reader = new EdfFrameReader(info);
  const block = new Float64Array(framesPerBlock * info.channelCount);
  try {
    for (let first = 0; first < info.totalFrames; first += framesPerBlock) {
      const n = reader.readFrames(first, framesPerBlock, block);
      cb(block, n, first);
    }
  } finally {
    reader.close();
  }
  return info;
}
function readAllChannels(info) {
  const nc = info.channelCount;
  const out = Array.from({ length: nc }, () => new Float64Array(info.totalFrames));
  const blockFrames = 4096;
  readBlocks(info, blockFrames, (block, frames, first) => {
    for (let f = 0; f < frames; f++) for (let c = 0; c < nc; c++) out[c][first + f] = block[f * nc + c];
  });
  return out;
}

// ../../main/src/recording/session-meta.ts
var SESSION_META_SUFFIX = ".session.json";
function sessionMetaPath(recordingPath) {
  return recordingPath.replace(/\.(bdf|edf)$/i, "") + SESSION_META_SUFFIX;
}

// ../../main/src/formats/edf-import.ts
function isMyocueRecording(path, recordingField) {
  return fs2.existsSync(sessionMetaPath(path)) || /\bMyocue\b|myocue-band/i.test(recordingField);
}
function importEdf(path, opts = {}) {
  const info = openEdfRecording(path);
  const warnings = [...info.warnings];
  if (info.recovered && info.recoveryMessage) warnings.unshift(info.recoveryMessage);
  if (opts.rateHz && Math.abs(opts.rateHz - info.sampleRateHz) > 1e-9) {
    warnings.push(`a rate of ${opts.rateHz} Hz was given but the file states ${info.sampleRateHz} Hz; the file's rate is used`);
  }
  const samples = readAllChannels(info);
  const myocue = isMyocueRecording(path, info.header.recordingId);
  return finishImport(
    {
      format: myocue ? "myocue" : "edf",
      layout: `${info.variant}${info.plus ? "+" + info.plus : ""}`,
      path,
      fileName: info.fileName,
      sampleRateHz: info.sampleRateHz,
      channelLabels: info.channelLabels,
      units: info.channelUnits,
      samples,
      frameCount: info.totalFrames,
      durationS: info.durationS,
      annotations: info.annotations.map((a) => ({ onsetS: a.onsetS, durationS: a.durationS, text: a.text })),
      segments: info.segments,
      startTime: info.startTime,
      warnings
    },
    opts.channels
  );
}

// ../../main/src/formats/text-table.ts
import * as fs3 from "node:fs";
import * as pathMod2 from "node:path";
function readTextFile(path) {
  const fileName = pathMod2.basename(path);
  let buf;
  try {
    buf = fs3.readFileSync(path);
  } catch (err) {
    const code = err.code;
    throw new ImportError(fileName, `cannot open (${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : err.message})`);
  }
  if (buf.length === 0) throw new ImportError(fileName, "the file is empty");
  const kind = binaryKind(buf);
  if (kind) throw new ImportError(fileName, `not a text recording (${kind})`);
  return { text: buf.toString("utf8"), fileName };
}
function binaryKind(buf) {
  const head = buf.subarray(0, 4096);
  if (head[0] === 137 && head.toString("latin1", 1, 4) === "PNG") return "it is a PNG image";
  if (head[0] === 255 && head[1] === 216) return "it is a JPEG image";
  if (head.toString("latin1", 0, 4) === "%PDF") return "it is a PDF document";
  if (head.toString("latin1", 0, 2) === "PK") return "it is a ZIP archive (xlsx/docx?)";
  if (head.toString("latin1", 1, 4) === "HDF") return "it is an HDF5 file; export it to CSV or EDF first";
  let bad = 0;
  for (const b of head) if (b === 0 || b < 9 && b !== 0 || b > 13 && b < 32 && b !== 27) bad++;
  if (bad > head.length * 0.01 || head.includes(0)) return "it contains binary data";
  return null;
}
function splitLines(text) {
  const lines = text.split(/\r?\n/);
  const endsWithNewline = lines.length > 1 && lines[lines.length - 1] === "";
  if (endsWithNewline) lines.pop();
  return { lines, endsWithNewline };
}
function splitFields(line, d) {
  if (d === "whitespace") return line.trim().split(/\s+/);
  return line.split(d).map((f) => f.trim());
}
function sniffDelimiter(sample) {
  const candidates = ["	", ",", ";", "whitespace"];
  let best = "whitespace";
  let bestScore = 0;
  for (const d of candidates) {
    const counts = sample.map((l) => splitFields(l, d).length);
    const first = counts[0];
    if (first > 1 && counts.every((c) => c === first) && first > bestScore) {
      best = d;
      bestScore = first;
    }
  }
  return best;
}
function isNumeric(field) {
  return field !== "" && Number.isFinite(Number(field));
}
function parseNumericRows(fileName, lines, firstLine, delimiter, columns, expectedFields, warnings, options = {}) {
  const rows = lines.length - firstLine;
  const out = columns.map(() => new Float64Array(Math.max(0, rows)));
  let n = 0;
  for (let i = firstLine; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === "") {
      if (i === lines.length - 1) continue;
      if (lines.slice(i).every((l) => l.trim() === "")) break;
      throw new ImportError(fileName, `line ${i + 1} is empty in the middle of the data`);
    }
    let f = splitFields(line, delimiter);
    if (options.allowTrailingEmpty && f.length === expectedFields + 1 && f[f.length - 1] === "") f = f.slice(0, -1);
    let bad = null;
    if (f.length !== expectedFields) bad = `has ${f.length} fields, expected ${expectedFields}`;
    else {
      for (let k = 0; k < columns.length; k++) {
        const v = f[columns[k]];
        const x = v === "" ? NaN : Number(v);
        if (!Number.isFinite(x)) {
          bad = `field ${columns[k] + 1} is "${v}", not a number`;
          break;
        }
        out[k][n] = x;
      }
    }
    if (bad) {
      if (i === lines.length - 1) {
        warnings.push(`the last row (line ${i + 1}) is incomplete (${bad}): the file was probably cut off; that row was dropped`);
        break;
      }
      throw new ImportError(fileName, `line ${i + 1} ${bad}`);
    }
    n++;
  }
  return out.map((a) => a.length === n ? a : a.slice(0, n));
}
function medianStep(t) {
  const n = Math.min(t.length - 1, 2e4);
  if (n < 1) return NaN;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = t[i + 1] - t[i];
  d.sort();
  return d[Math.floor(n / 2)];
}
function niceRate(hz) {
  const nice = [100, 125, 128, 200, 250, 256, 500, 512, 1e3, 1024, 1200, 1500, 2e3, 2048, 2500, 4e3, 4096, 5e3, 8e3, 1e4];
  for (const r of nice) if (Math.abs(hz - r) / r < 5e-3) return r;
  return Math.round(hz * 1e3) / 1e3;
}
function unitToMicrovolts(unit) {
  const u = unit.trim().toLowerCase().replace("\xB5", "u").replace("\u03BC", "u");
  if (u === "uv" || u === "microvolts" || u === "microvolt") return 1;
  if (u === "mv" || u === "millivolts") return 1e3;
  if (u === "v" || u === "volts" || u === "volt") return 1e6;
  if (u === "nv") return 1e-3;
  return null;
}

// ../../main/src/formats/openbci-txt.ts
var AUX_COLUMNS = 3;
function looksLikeOpenBci(head) {
  return /^%OpenBCI Raw/i.test(head) || /^%/.test(head) && /%\s*Sample Rate\s*=/i.test(head);
}
function timeOfField(f) {
  const m = /^(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(f.trim());
  if (m) return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  const x = Number(f);
  if (!Number.isFinite(x) || x < 1e9) return null;
  return x > 1e11 ? x / 1e3 : x;
}
function importOpenBci(path, opts = {}) {
  const { text, fileName } = readTextFile(path);
  const { lines } = splitLines(text);
  const warnings = [];
  let i = 0;
  const header = [];
  while (i < lines.length && lines[i].startsWith("%")) header.push(lines[i++]);
  if (!header.length) throw new ImportError(fileName, 'not an OpenBCI GUI recording (no "%" header lines)');
  const headerText = header.join("\n");
  const rateMatch = /Sample Rate\s*=\s*([\d.]+)\s*Hz/i.exec(headerText);
  const nchMatch = /Number of channels\s*=\s*(\d+)/i.exec(headerText);
  let rate = rateMatch ? Number(rateMatch[1]) : NaN;
  if (opts.rateHz) {
    if (Number.isFinite(rate) && Math.abs(rate - opts.rateHz) > 1e-9) warnings.push(`sample rate ${opts.rateHz} Hz given overrides the header's ${rate} Hz`);
    rate = opts.rateHz;
  }
  if (!(rate > 0)) throw new ImportError(fileName, 'cannot infer the sample rate (no "%Sample Rate = \u2026 Hz" line); pass --rate HZ');
  if (i >= lines.length) throw new ImportError(fileName, "the header is complete but there are no data rows");
  let names = null;
  const delimiter = ",";
  const firstFields = splitFields(lines[i], delimiter);
  if (!isNumeric(firstFields[0])) {
    names = firstFields;
    i++;
  }
  if (i >= lines.length) throw new ImportError(fileName, "there are no data rows after the column header");
  const fields = splitFields(lines[i], delimiter);
  const expected = fields.length;
  let channelCols;
  let layout;
  if (names) {
    layout = "openbci-gui-v5";
    channelCols = names.map((n, k) => /^(EXG|EEG) Channel \d+$/i.test(n) ? k : -1).filter((k) => k >= 0);
    if (!channelCols.length) throw new ImportError(fileName, `no "EXG Channel N" columns in the column header: ${names.slice(0, 6).join(", ")}\u2026`);
    if (names.length !== expected) throw new ImportError(fileName, `the column header names ${names.length} columns but rows have ${expected}`);
  } else {
    layout = "openbci-gui-v3";
    let n;
    if (nchMatch) n = Number(nchMatch[1]);
    else {
      let numeric = expected;
      while (numeric > 0 && !isNumeric(fields[numeric - 1])) numeric--;
      n = numeric - 1 - AUX_COLUMNS;
    }
    if (!(n >= 1) || n + 1 > expected) throw new ImportError(fileName, `cannot tell the channel columns apart in rows of ${expected} fields`);
    channelCols = Array.from({ length: n }, (_, k) => k + 1);
  }
  const data = parseNumericRows(fileName, lines, i, delimiter, channelCols, expected, warnings);
  const frames = data[0].length;
  const tsCol = names ? names.findIndex((n) => /^Timestamp$/i.test(n)) : expected - 1;
  if (tsCol >= 0 && frames > 10) {
    const lastRow = splitFields(lines[i + frames - 1], delimiter);
    const t0 = timeOfField(fields[tsCol]);
    const t1 = timeOfField(lastRow[tsCol] ?? "");
    if (t0 !== null && t1 !== null && t1 > t0) {
      const measured = (frames - 1) / (t1 - t0);
      if (Math.abs(measured - rate) / rate > 0.05) {
        warnings.push(`timestamps suggest ${measured.toFixed(1)} Hz but the header says ${rate} Hz (samples lost, or the wrong rate in the header)`);
      }
    }
  }
  return finishImport(
    {
      format: "openbci",
      layout,
      path,
      fileName,
      sampleRateHz: rate,
      channelLabels: channelCols.map((_, k) => `ch${k + 1}`),
      units: channelCols.map(() => "uV"),
      samples: data,
      frameCount: frames,
      durationS: frames / rate,
      annotations: [],
      segments: singleSegment(frames),
      startTime: null,
      warnings
    },
    opts.channels
  );
}

// ../../main/src/formats/brainflow-csv.ts
var range = (a, b) => Array.from({ length: b - a + 1 }, (_, k) => a + k);
var BRAINFLOW_BOARDS = {
  0: { name: "OpenBCI Cyton", sampleRateHz: 250, exgColumns: range(1, 8), timestampColumn: 22, markerColumn: 23, columns: 24 },
  1: { name: "OpenBCI Ganglion", sampleRateHz: 200, exgColumns: range(1, 4), timestampColumn: 13, markerColumn: 14, columns: 15 },
  2: { name: "OpenBCI Cyton+Daisy", sampleRateHz: 125, exgColumns: range(1, 16), timestampColumn: 30, markerColumn: 31, columns: 32 }
};
function isUnixSeconds(x) {
  return x > 1e9 && x < 1e10;
}
function looksLikeBrainflow(lines) {
  const sample = lines.slice(0, 5).filter((l) => l.trim() !== "");
  if (!sample.length) return false;
  return sample.every((l) => {
    const f = l.split("	");
    return f.length >= 4 && f.every((x) => x.trim() !== "" && Number.isFinite(Number(x))) && f.some((x) => isUnixSeconds(Number(x)));
  });
}
function importBrainflow(path, opts = {}) {
  const { text, fileName } = readTextFile(path);
  const { lines } = splitLines(text);
  const warnings = [];
  if (!lines.length || !lines[0].includes("	")) throw new ImportError(fileName, "not a BrainFlow CSV (rows are not tab-separated numbers)");
  const first = splitFields(lines[0], "	");
  const expected = first.length;
  if (!first.every((f) => Number.isFinite(Number(f)))) throw new ImportError(fileName, "not a BrainFlow CSV (the first row is not all numbers; BrainFlow files have no header)");
  const board = opts.boardId !== void 0 ? BRAINFLOW_BOARDS[opts.boardId] : void 0;
  if (opts.boardId !== void 0 && !board) {
    throw new ImportError(fileName, `unknown BrainFlow board id ${opts.boardId} (known: ${Object.entries(BRAINFLOW_BOARDS).map(([id, b]) => `${id} ${b.name}`).join(", ")}); pass --rate and --columns instead`);
  }
  if (board && board.columns !== expected) {
    throw new ImportError(fileName, `rows have ${expected} columns but a ${board.name} BrainFlow file has ${board.columns}: wrong board id?`);
  }
  const tsCol = board ? board.timestampColumn : first.findIndex((f) => isUnixSeconds(Number(f)));
  let columns;
  if (opts.columns?.length) {
    for (const c of opts.columns) if (!(c >= 0 && c < expected)) throw new ImportError(fileName, `column ${c} does not exist (rows have ${expected} columns)`);
    columns = opts.columns;
  } else if (board) columns = board.exgColumns;
  else {
    columns = Array.from({ length: expected }, (_, k) => k).filter((k) => k !== 0 && k !== tsCol && k !== expected - 1);
    warnings.push(`no board id given: columns ${columns.join(", ")} were taken as channels (pass --board or --columns to choose)`);
  }
  const keep = tsCol >= 0 ? [...columns, tsCol] : columns;
  const parsed = parseNumericRows(fileName, lines, 0, "	", keep, expected, warnings);
  const data = parsed.slice(0, columns.length);
  const frames = data[0].length;
  let rate = opts.rateHz ?? board?.sampleRateHz ?? NaN;
  const ts = tsCol >= 0 ? parsed[columns.length] : null;
  const measured = ts && frames > 10 && ts[frames - 1] > ts[0] ? (frames - 1) / (ts[frames - 1] - ts[0]) : NaN;
  if (!(rate > 0)) {
    const hint = Number.isFinite(measured) ? ` (timestamps suggest about ${measured.toFixed(0)} Hz)` : "";
    throw new ImportError(fileName, `cannot infer the sample rate of a BrainFlow file without a board id${hint}; pass --rate HZ or --board ID`);
  }
  if (Number.isFinite(measured) && Math.abs(measured - rate) / rate > 0.05) {
    warnings.push(`timestamps suggest ${measured.toFixed(1)} Hz but ${rate} Hz is used (samples lost, or the wrong board/rate)`);
  }
  return finishImport(
    {
      format: "brainflow",
      layout: board ? `brainflow-${board.name}` : "brainflow",
      path,
      fileName,
      sampleRateHz: rate,
      channelLabels: columns.map((c, k) => board ? `ch${k + 1}` : `col${c}`),
      units: columns.map(() => "uV"),
      samples: data,
      frameCount: frames,
      durationS: frames / rate,
      annotations: [],
      segments: singleSegment(frames),
      startTime: ts && frames ? new Date(ts[0] * 1e3) : null,
      warnings
    },
    opts.channels
  );
}

// ../../main/src/formats/vicon-csv.ts
function looksLikeVicon(lines) {
  return lines.length > 5 && looksLikeViconStart(lines);
}
function looksLikeViconStart(lines) {
  return lines.length >= 2 && /^Devices\s*(,|$)/.test(lines[0]) && /^\d+(\.\d+)?\s*(,|$)/.test(lines[1]);
}
function importVicon(path, opts = {}) {
  const { text, fileName } = readTextFile(path);
  const { lines: all } = splitLines(text);
  if (looksLikeViconStart(all) && !looksLikeVicon(all)) {
    throw new ImportError(fileName, `ends after ${all.length} line${all.length === 1 ? "" : "s"}, inside the Vicon Nexus header (5 lines, then data): the file was probably cut off`);
  }
  if (!looksLikeVicon(all)) throw new ImportError(fileName, 'not a Vicon Nexus CSV export (expected "Devices" then the rate on the first two lines)');
  const warnings = [];
  let rate = Number(splitFields(all[1], ",")[0]);
  if (opts.rateHz) {
    if (opts.rateHz !== rate) warnings.push(`sample rate ${opts.rateHz} Hz given overrides the file's ${rate} Hz`);
    rate = opts.rateHz;
  }
  if (!(rate > 0)) throw new ImportError(fileName, `the analog rate on line 2 is "${all[1].split(",")[0]}", not a rate; pass --rate HZ`);
  let end = 5;
  while (end < all.length && all[end].replace(/,/g, "").trim() !== "") end++;
  const lines = all.slice(0, end);
  const names = splitFields(lines[3], ",");
  const units = splitFields(lines[4], ",");
  const expected = names.length;
  const frameCol = names.findIndex((n) => /^Frame$/i.test(n));
  const subCol = names.findIndex((n) => /^Sub Frame$/i.test(n));
  let columns = names.map((_, k) => k).filter((k) => k !== frameCol && k !== subCol && names[k] !== "");
  if (opts.columns?.length) columns = opts.columns;
  const keep = frameCol >= 0 && subCol >= 0 ? [...columns, frameCol, subCol] : columns;
  const data = parseNumericRows(fileName, lines, 5, ",", keep, expected, warnings);
  const frames = data[0].length;
  if (frameCol >= 0 && subCol >= 0 && frames > 1) {
    const fr = data[columns.length];
    const sub = data[columns.length + 1];
    let subframes = 0;
    for (let k = 0; k < frames; k++) subframes = Math.max(subframes, sub[k] + 1);
    for (let k = 1; k < frames; k++) {
      const prev = (fr[k - 1] - 1) * subframes + sub[k - 1];
      const cur = (fr[k] - 1) * subframes + sub[k];
      if (cur !== prev + 1) {
        throw new ImportError(fileName, `rows are not consecutive at line ${k + 6} (Frame ${fr[k]}, Sub Frame ${sub[k]}): missing samples`);
      }
    }
  }
  const outUnits = [];
  const samples = columns.map((c, k) => {
    const f = unitToMicrovolts(units[c] ?? "");
    const a = data[k];
    if (f === null) {
      outUnits.push(units[c] || "unknown");
      return a;
    }
    outUnits.push("uV");
    if (f !== 1) for (let i = 0; i < a.length; i++) a[i] *= f;
    return a;
  });
  const odd = columns.filter((_, k) => outUnits[k] !== "uV");
  if (odd.length) warnings.push(`columns not in volts, kept as stored: ${odd.map((c) => `${names[c]} (${units[c] || "no unit"})`).join(", ")}`);
  return finishImport(
    {
      format: "csv",
      layout: "vicon-csv",
      path,
      fileName,
      sampleRateHz: rate,
      channelLabels: columns.map((c) => names[c]),
      units: outUnits,
      samples,
      frameCount: frames,
      durationS: frames / rate,
      annotations: [],
      segments: singleSegment(frames),
      startTime: null,
      warnings
    },
    opts.channels
  );
}

// ../../main/src/formats/plux-text.ts
function pluxEmgTransfer(device, bits) {
  const bitalino = /bitalino/i.test(device);
  const vcc = bitalino ? 3.3 : 3;
  const gain = bitalino ? 1009 : 1e3;
  const full = vcc / gain * 1e6;
  return { microvoltsPerCount: full / 2 ** bits, offsetMicrovolts: -0.5 * full };
}
function looksLikeOpenSignals(head) {
  return /^# OpenSignals Text File Format/.test(head);
}
function looksLikeBiosppy(head) {
  return /^# Simple Text Format/.test(head);
}
function importOpenSignals(path, opts = {}) {
  const { text, fileName } = readTextFile(path);
  const { lines } = splitLines(text);
  const warnings = [];
  const endIdx = lines.findIndex((l) => /^# EndOfHeader/.test(l));
  if (!looksLikeOpenSignals(lines[0] ?? "") || endIdx < 0) throw new ImportError(fileName, 'not an OpenSignals text file (missing "# OpenSignals Text File Format" or "# EndOfHeader")');
  const jsonLine = lines.slice(1, endIdx).find((l) => l.startsWith("# {"));
  if (!jsonLine) throw new ImportError(fileName, "the OpenSignals header has no JSON line");
  let header;
  try {
    header = JSON.parse(jsonLine.slice(2));
  } catch {
    throw new ImportError(fileName, "the OpenSignals JSON header is damaged");
  }
  const macs = Object.keys(header);
  if (!macs.length) throw new ImportError(fileName, "the OpenSignals header lists no device");
  if (macs.length > 1) warnings.push(`${macs.length} devices in the file; only the first (${macs[0]}) is imported`);
  const dev = header[macs[0]];
  let rate = Number(dev["sampling rate"]);
  if (opts.rateHz) {
    if (rate && rate !== opts.rateHz) warnings.push(`sample rate ${opts.rateHz} Hz given overrides the file's ${rate} Hz`);
    rate = opts.rateHz;
  }
  if (!(rate > 0)) throw new ImportError(fileName, 'cannot infer the sample rate (no "sampling rate" in the header); pass --rate HZ');
  const column = dev.column ?? [];
  const labels = dev.label ?? [];
  const sensors = dev.sensor ?? [];
  const resolution = dev.resolution ?? [];
  const chanCols = labels.map((l) => column.indexOf(l));
  if (!labels.length || chanCols.some((c) => c < 0)) throw new ImportError(fileName, "the header does not say which columns hold the channels");
  const expected = column.length;
  const firstData = endIdx + 1;
  const data = parseNumericRows(fileName, lines, firstData, "	", chanCols, expected, warnings, { allowTrailingEmpty: true });
  const frames = data[0].length;
  const seqCol = column.indexOf("nSeq");
  if (seqCol >= 0 && frames > 1) {
    const [seq] = parseNumericRows(fileName, lines.slice(0, firstData + frames), firstData, "	", [seqCol], expected, [], { allowTrailingEmpty: true });
    let jumps = 0;
    for (let i = 1; i < seq.length; i++) if (seq[i] !== seq[i - 1] + 1 && !(seq[i] === 0 && seq[i - 1] >= 15)) jumps++;
    if (jumps) warnings.push(`the nSeq counter jumps ${jumps} time(s): samples may be missing`);
  }
  const device = dev.device ?? "";
  const known = /plux|bioplux|bitalino/i.test(device);
  const units = [];
  const counted = [];
  data.forEach((a, k) => {
    const isEmg = /^EMG/i.test(sensors[k] ?? "");
    const bits = Number(resolution[k]);
    if (isEmg && known && bits > 0) {
      const { microvoltsPerCount, offsetMicrovolts } = pluxEmgTransfer(device, bits);
      for (let i = 0; i < a.length; i++) a[i] = a[i] * microvoltsPerCount + offsetMicrovolts;
      units.push("uV");
    } else {
      units.push("counts");
      counted.push(`${labels[k]} (${sensors[k] ?? "?"})`);
    }
  });
  if (units.includes("uV")) warnings.push(`EMG channels converted from ADC counts to \xB5V with the ${/bitalino/i.test(device) ? "BITalino" : "PLUX"} EMG transfer function`);
  if (counted.length) warnings.push(`kept as raw ADC counts (no known \xB5V conversion): ${counted.join(", ")}`);
  return finishImport(
    {
      format: "csv",
      layout: "opensignals-txt",
      path,
      fileName,
      sampleRateHz: rate,
      channelLabels: labels.map((l, k) => `${l} ${sensors[k] ?? ""}`.trim()),
      units,
      samples: data,
      frameCount: frames,
      durationS: frames / rate,
      annotations: [],
      segments: singleSegment(frames),
      startTime: null,
      warnings
    },
    opts.channels
  );
}
function importBiosppy(path, opts = {}) {
  const { text, fileName } = readTextFile(path);
  const { lines } = splitLines(text);
  const warnings = [];
  let i = 0;
  const header = [];
  while (i < lines.length && lines[i].startsWith("#")) header.push(lines[i++]);
  if (!looksLikeBiosppy(header[0] ?? "")) throw new ImportError(fileName, "not a BioSPPy Simple Text Format file");
  const h = header.join("\n");
  const rm = /Sampling Rate \(Hz\):=\s*([\d.]+)/.exec(h);
  let rate = rm ? Number(rm[1]) : NaN;
  if (opts.rateHz) {
    if (rate && rate !== opts.rateHz) warnings.push(`sample rate ${opts.rateHz} Hz given overrides the file's ${rate} Hz`);
    rate = opts.rateHz;
  }
  if (!(rate > 0)) throw new ImportError(fileName, 'cannot infer the sample rate (no "# Sampling Rate (Hz):=" line); pass --rate HZ');
  const lm = /Labels:=\s*(.*)/.exec(h);
  const bm = /Resolution:=\s*(\d+)/.exec(h);
  if (i >= lines.length) throw new ImportError(fileName, "there are no data rows");
  const delimiter = sniffDelimiter(lines.slice(i, i + 20));
  const expected = splitFields(lines[i], delimiter).length;
  const labelList = lm ? lm[1].split(/\t|,/).map((s) => s.trim()).filter(Boolean) : [];
  const cols = Array.from({ length: expected }, (_, k) => k);
  const data = parseNumericRows(fileName, lines, i, delimiter, cols, expected, warnings);
  const frames = data[0].length;
  warnings.push(`values are raw ADC counts${bm ? ` (${bm[1]}-bit)` : ""}; the device is not stated, so they were not converted to \xB5V`);
  return finishImport(
    {
      format: "csv",
      layout: "biosppy-txt",
      path,
      fileName,
      sampleRateHz: rate,
      channelLabels: cols.map((k) => labelList[k] ?? `ch${k + 1}`),
      units: cols.map(() => "counts"),
      samples: data,
      frameCount: frames,
      durationS: frames / rate,
      annotations: [],
      segments: singleSegment(frames),
      startTime: null,
      warnings
    },
    opts.channels
  );
}

// ../../main/src/formats/delimited-csv.ts
var TIME_NAME = /^(time|t|timestamp|seconds|secs?|elapsed)(\s*[_(\[]\s*(s|sec|seconds|ms|milliseconds)\s*[)\]]?)?$/i;
var INDEX_NAME = /^(index|idx|sample|samples|sample[_ ]?index|sample[_ ]?number|n|nseq|seq|frame|i|#)$/i;
var EVENTS_NAME = /^(events?|annotations?|markers?)$/i;
function unitOfName(name) {
  const m = /^(.*?)[\s_]*[(\[]\s*(µV|μV|uV|mV|V|nV)\s*[)\]]\s*$/i.exec(name) ?? /^(.*?)_(uV|mV|V)$/i.exec(name);
  if (m) return { unit: m[2], label: m[1].trim() || name };
  if (/adc|counts?\b/i.test(name)) return { unit: "counts", label: name };
  return { unit: null, label: name };
}
function timeScale(name) {
  return /ms|milli/i.test(name) ? 1e-3 : 1;
}
function importDelimited(path, opts = {}) {
  const { text, fileName } = readTextFile(path);
  const { lines } = splitLines(text);
  const warnings = [];
  let i = 0;
  while (i < lines.length && (/^\s*[#%]/.test(lines[i]) || lines[i].trim() === "")) i++;
  if (i >= lines.length) throw new ImportError(fileName, "there are no data rows");
  const delimiter = sniffDelimiter(lines.slice(i, i + 20));
  let names = null;
  const first = splitFields(lines[i], delimiter);
  if (!first.every((f) => isNumeric(f) || f === "")) {
    names = first;
    i++;
  }
  if (i >= lines.length) throw new ImportError(fileName, "there is a header row but no data rows");
  let expected = names ? names.length : splitFields(lines[i], delimiter).length;
  const eventsCol = names ? names.findIndex((n) => EVENTS_NAME.test(n)) : -1;
  const eventTexts = [];
  let dataLines = lines;
  if (names && eventsCol === expected - 1 && delimiter !== "whitespace") {
    dataLines = lines.slice();
    for (let k = i; k < lines.length; k++) {
      let cut = -1;
      let pos = -1;
      for (let d = 0; d < expected - 1; d++) {
        pos = lines[k].indexOf(delimiter, pos + 1);
        if (pos < 0) break;
        cut = pos;
      }
      if (pos < 0) {
        eventTexts.push("");
        continue;
      }
      dataLines[k] = lines[k].slice(0, cut);
      eventTexts.push(unquote(lines[k].slice(cut + 1)));
    }
    expected -= 1;
  } else if (eventsCol >= 0) {
    warnings.push(`the "${names[eventsCol]}" column is not last and was ignored`);
  }
  const colNames = names ? names.slice(0, expected) : Array.from({ length: expected }, (_, k) => `col${k + 1}`);
  const timeCol = names ? colNames.findIndex((n) => TIME_NAME.test(n)) : -1;
  const indexCols = names ? colNames.map((n, k) => INDEX_NAME.test(n) ? k : -1).filter((k) => k >= 0) : [];
  let columns;
  if (opts.columns?.length) {
    for (const c of opts.columns) if (!(c >= 0 && c < expected)) throw new ImportError(fileName, `column ${c} does not exist (rows have ${expected} columns)`);
    columns = opts.columns;
  } else {
    columns = colNames.map((_, k) => k).filter((k) => k !== timeCol && !indexCols.includes(k) && k !== eventsCol);
    const env = columns.filter((k) => /envelope/i.test(colNames[k]));
    if (env.length && env.length < columns.length) {
      columns = columns.filter((k) => !env.includes(k));
      warnings.push(`envelope column(s) skipped (computed data, not signal): ${env.map((k) => colNames[k]).join(", ")}`);
    }
  }
  if (!columns.length) throw new ImportError(fileName, "no signal columns found (only time/index columns)");
  const keep = timeCol >= 0 ? [...columns, timeCol] : columns;
  const parsed = parseNumericRows(fileName, dataLines, i, delimiter, keep, expected, warnings);
  const frames = parsed[0].length;
  let rate = NaN;
  let times = null;
  let segments = singleSegment(frames);
  if (timeCol >= 0 && frames > 1) {
    const t = parsed[columns.length];
    const scale = timeScale(colNames[timeCol]);
    const step = medianStep(t) * scale;
    for (let k = 1; k < frames; k++) {
      if (!(t[k] > t[k - 1])) throw new ImportError(fileName, `the time column "${colNames[timeCol]}" does not increase at line ${i + k + 1}`);
    }
    if (step > 0) rate = niceRate(1 / step);
    times = new Float64Array(frames);
    for (let k = 0; k < frames; k++) times[k] = (t[k] - t[0]) * scale;
    segments = [{ firstFrame: 0, frames: 0, onsetS: 0 }];
    for (let k = 0; k < frames; k++) {
      const seg = segments[segments.length - 1];
      if (k > 0 && times[k] - times[k - 1] > 1.5 / rate) segments.push({ firstFrame: k, frames: 1, onsetS: times[k] });
      else seg.frames++;
    }
    if (segments.length > 1) warnings.push(`the time column has ${segments.length - 1} gap(s); they are kept as gaps`);
  }
  if (opts.rateHz) {
    if (Number.isFinite(rate) && Math.abs(rate - opts.rateHz) / opts.rateHz > 0.01) warnings.push(`sample rate ${opts.rateHz} Hz given overrides ${rate} Hz from the time column`);
    rate = opts.rateHz;
  }
  if (!(rate > 0)) {
    throw new ImportError(fileName, `cannot infer the sample rate (${timeCol >= 0 ? "the time column has too few rows" : "no time column"}); pass --rate HZ`);
  }
  const units = [];
  const labels = [];
  const samples = columns.map((c, k) => {
    const { unit, label } = unitOfName(colNames[c]);
    labels.push(label);
    const f = unit ? unitToMicrovolts(unit) : null;
    const a = parsed[k];
    if (f !== null) {
      if (f !== 1) for (let n = 0; n < a.length; n++) a[n] *= f;
      units.push("uV");
    } else units.push(unit ?? "unknown");
    return a;
  });
  const unknown = labels.filter((_, k) => units[k] === "unknown");
  if (unknown.length) warnings.push(`units not stated for ${unknown.join(", ")}: values are used as they are (treated as \xB5V)`);
  const counts = labels.filter((_, k) => units[k] === "counts");
  if (counts.length) warnings.push(`${counts.join(", ")} hold raw ADC counts, not \xB5V`);
  const annotations = [];
  if (eventTexts.length) {
    for (let k = 0; k < frames; k++) {
      const e = eventTexts[k];
      if (!e) continue;
      const onsetS = times ? times[k] : k / rate;
      for (const part of e.split(" | ")) if (part.trim()) annotations.push({ onsetS, durationS: null, text: part.trim() });
    }
  }
  return finishImport(
    {
      format: "csv",
      layout: names ? "csv-with-header" : "csv",
      path,
      fileName,
      sampleRateHz: rate,
      channelLabels: labels,
      units,
      samples,
      frameCount: frames,
      durationS: frames / rate,
      annotations,
      segments,
      startTime: null,
      warnings
    },
    opts.channels
  );
}
function unquote(s) {
  const t = s.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/""/g, '"');
  return t;
}

// ../../main/src/formats/detect-format.ts
function detectLayout(path) {
  const fileName = pathMod3.basename(path);
  let head;
  try {
    const fd = fs4.openSync(path, "r");
    try {
      head = Buffer.alloc(16384);
      const n = fs4.readSync(fd, head, 0, head.length, 0);
      head = head.subarray(0, n);
    } finally {
      fs4.closeSync(fd);
    }
  } catch (err) {
    const code = err.code;
    throw new ImportError(fileName, `cannot open (${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : err.message})`);
  }
  if (head.length === 0) throw new ImportError(fileName, "the file is empty");
  if (head[0] === 255 && head.toString("latin1", 1, 8) === "BIOSEMI" || head.toString("latin1", 0, 8) === "0       " && head.length >= 256) return "edf";
  const kind = binaryKind(head);
  if (kind) throw new ImportError(fileName, `not a recording Myocue can import (${kind})`);
  const text = head.toString("utf8");
  const lines = text.split(/\r?\n/).slice(0, -1);
  if (looksLikeOpenBci(text)) return "openbci";
  if (looksLikeOpenSignals(text)) return "opensignals";
  if (looksLikeBiosppy(text)) return "biosppy";
  if (looksLikeViconStart(text.split(/\r?\n/))) return "vicon";
  if (looksLikeBrainflow(lines.length ? lines : [text])) return "brainflow";
  return "csv";
}
var FORMAT_OF = {
  edf: "edf",
  openbci: "openbci",
  opensignals: "csv",
  biosppy: "csv",
  vicon: "csv",
  brainflow: "brainflow",
  csv: "csv"
};
function importRecording(path, opts = {}) {
  const fileName = pathMod3.basename(path);
  const format = opts.format ?? "auto";
  if (opts.rateHz !== void 0 && !(opts.rateHz > 0 && Number.isFinite(opts.rateHz))) {
    throw new ImportError(fileName, `the sample rate given (${opts.rateHz}) is not a positive number of Hz`);
  }
  const layout = detectLayout(path);
  const detected = FORMAT_OF[layout];
  if (format !== "auto") {
    const wanted = format === "myocue" ? "edf" : format;
    const compatible = wanted === detected || wanted === "csv" && detected === "brainflow" || wanted === "brainflow" && layout === "csv";
    if (!compatible) {
      throw new ImportError(fileName, `is not a${wanted === "edf" || wanted === "openbci" ? "n" : ""} ${wanted.toUpperCase()} file (it looks like ${describe(layout)})`);
    }
    if (wanted === "brainflow") return importBrainflow(path, opts);
    if (wanted === "csv" && layout === "brainflow") return importDelimited(path, opts);
  }
  switch (layout) {
    case "edf":
      return importEdf(path, opts);
    case "openbci":
      return importOpenBci(path, opts);
    case "opensignals":
      return importOpenSignals(path, opts);
    case "biosppy":
      return importBiosppy(path, opts);
    case "vicon":
      return importVicon(path, opts);
    case "brainflow":
      return importBrainflow(path, opts);
    case "csv":
      return importDelimited(path, opts);
  }
}
function describe(layout) {
  switch (layout) {
    case "edf":
      return "an EDF/BDF recording";
    case "openbci":
      return "an OpenBCI GUI recording";
    case "opensignals":
      return "an OpenSignals text file";
    case "biosppy":
      return "a BioSPPy text file";
    case "vicon":
      return "a Vicon Nexus CSV export";
    case "brainflow":
      return "a BrainFlow CSV";
    case "csv":
      return "a CSV/text table";
  }
}

// ../../../tmp/bench-main.ts
for (const f of ["/work/shared/data/emg/bsnb-biceps/emg_fatigue.csv", "/work/shared/data/emg/openbci-ganglion-grasp/OpenBCI-RAW-S05_S1R0.txt", "/work/shared/data/emg/pyomeca-shoulder-lift/analogs.csv"]) {
  const t0 = performance.now();
  const r = importRecording(f, { rateHz: f.includes("fatigue") ? 1e3 : void 0 });
  console.log(f.split("/").pop(), r.frameCount, (performance.now() - t0).toFixed(0), "ms");
}
