/**
 * Device choice and link health: device select (simulated band, listed serial ports, or a typed
 * path), Connect / Disconnect, device state, sample rate, channels, lines lost/corrupt,
 * recording, DSP settings and warnings.
 */
import { useCallback, useEffect, useState } from 'react';
import type { BandChoice, DeviceListing, DeviceSpec, HostStatus, MainsSetting } from '../../../src/host/contract';
import { useApi, useIsViewer, useStatus } from '../api/api-context';
import { formatDuration } from './channel-roles';

const SIM = 'sim';
const CUSTOM = 'custom';

/** The device families (src/devices/families); what each needs from the user is asked only for it. */
const BAND_CHOICES: { value: BandChoice; label: string }[] = [
  { value: 'auto', label: 'Detect automatically' },
  { value: 'myocue', label: 'Myocue band' },
  { value: 'cyton', label: 'OpenBCI Cyton / Cyton + Daisy (USB dongle)' },
  { value: 'arduino', label: 'Arduino / ESP32 text stream (MyoWare, BioAmp…)' },
  { value: 'bitalino', label: 'BITalino (r)evolution' },
  { value: 'spiker', label: 'Backyard Brains SpikerShield' },
];
/** Text-stream unit presets (src/devices/families/analog-scale.ts). */
const SCALE_CHOICES: { value: string; label: string }[] = [
  { value: 'counts', label: 'ADC counts (no µV)' },
  { value: 'myoware-raw:10bit-5v', label: 'MyoWare 2.0 RAW · Uno/Nano (10-bit, 5 V)' },
  { value: 'myoware-raw:12bit-3.3v', label: 'MyoWare 2.0 RAW · ESP32/Uno R4 (12-bit, 3.3 V)' },
  { value: 'myoware-env:10bit-5v', label: 'MyoWare 2.0 ENV · Uno/Nano (envelope)' },
  { value: 'myoware-env:12bit-3.3v', label: 'MyoWare 2.0 ENV · ESP32 (envelope)' },
  { value: 'myoware-rect:10bit-5v', label: 'MyoWare 2.0 RECT · Uno/Nano (rectified)' },
  { value: 'bioamp:10bit-5v', label: 'Muscle BioAmp · Uno/Nano (gain 2420)' },
  { value: 'bioamp:12bit-3.3v', label: 'Muscle BioAmp · ESP32 (gain 2420)' },
];
const FAMILY_NAME: Record<string, string> = {
  myocue: 'Myocue band',
  cyton: 'OpenBCI Cyton',
  arduino: 'text stream',
  bitalino: 'BITalino',
  spiker: 'SpikerShield',
};

const STATE_TEXT: Record<HostStatus['device']['state'], string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  streaming: 'Streaming',
  reconnecting: 'Reconnecting…',
  paused: 'Paused',
  ended: 'Ended',
  error: 'Error',
};

export function DeviceBar() {
  const api = useApi();
  const status = useStatus();
  const viewer = useIsViewer();
  const [listing, setListing] = useState<DeviceListing | null>(null);
  const [choice, setChoice] = useState<string>(SIM);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [band, setBand] = useState<BandChoice>('auto');
  const [rate, setRate] = useState('');
  const [scale, setScale] = useState('counts');
  const [inputs, setInputs] = useState('A1,A2');
  const [spikerChannels, setSpikerChannels] = useState('1');
  const [error, setError] = useState<string | null>(null);

  const refreshPorts = useCallback(() => {
    if (viewer) return;
    api.invoke('listDevices', null).then(setListing, (e: unknown) => setListing({ ports: [], error: e instanceof Error ? e.message : String(e) }));
  }, [api, viewer]);
  useEffect(refreshPorts, [refreshPorts]);

  // show what the host is connected to
  const spec = status?.device.spec;
  useEffect(() => {
    if (!spec) return;
    if (spec.kind === 'sim') setChoice(SIM);
    else if (listing?.ports.some((p) => p.path === spec.path)) setChoice(spec.path);
    else {
      setChoice(CUSTOM);
      setPath(spec.path);
    }
  // keyed on the device's kind and path, not the spec object (a new one arrives with every status)
  }, [spec?.kind, spec && spec.kind === 'serial' ? spec.path : null, listing]);

  const run = async (p: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await p();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  /** the family settings that apply to the chosen band (auto: the text-stream ones may matter too) */
  const familySettings = (): Partial<Extract<DeviceSpec, { kind: 'serial' }>> => {
    const out: Partial<Extract<DeviceSpec, { kind: 'serial' }>> = { band };
    if (band === 'arduino' || band === 'auto') {
      const r = Number(rate);
      if (rate.trim() && Number.isFinite(r) && r > 0) out.rateHz = r;
      if (scale !== 'counts') out.scale = scale;
    }
    if (band === 'bitalino') {
      const list = inputs
        .split(',')
        .map((x) => /^A?([1-6])$/i.exec(x.trim()))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => Number(m[1]) - 1);
      if (list.length) out.inputs = [...new Set(list)].sort((a, b) => a - b);
    }
    if (band === 'spiker') out.channels = Math.max(1, Math.min(6, Math.round(Number(spikerChannels)) || 1));
    return out;
  };
  const wanted = (): DeviceSpec | null => {
    if (choice === SIM) return { kind: 'sim' };
    const p = choice === CUSTOM ? path.trim() : choice;
    return p ? { kind: 'serial', path: p, ...familySettings() } : null;
  };
  const portHint = listing?.ports.find((p) => p.path === choice)?.hint;
  const connect = () => {
    const s = wanted();
    if (!s) {
      setError('Type the serial port path first (e.g. /dev/ttyUSB0 or COM3).');
      return;
    }
    void run(() => api.invoke('connect', s));
  };
  const disconnect = () => void run(() => api.invoke('disconnect', null));

  const state = status?.device.state ?? 'idle';
  const info = status?.device.info;
  const counters = status?.counters;
  const active = state === 'streaming' || state === 'connecting' || state === 'reconnecting' || state === 'paused';

  return (
    <section className="card device-bar" aria-label="Device">
      <div className="device-row">
        <div className="field">
          <label htmlFor="device-select">Device</label>
          <select
            id="device-select"
            data-testid="device-select"
            value={choice}
            disabled={viewer}
            onChange={(e) => setChoice(e.target.value)}
            onFocus={refreshPorts}
          >
            <option value={SIM}>Simulated band</option>
            {listing?.ports.map((p) => (
              <option key={p.path} value={p.path}>
                {p.path}
                {p.manufacturer ? ` — ${p.manufacturer}` : ''}
                {p.hint ? ` (${p.hint.text})` : ''}
              </option>
            ))}
            <option value={CUSTOM}>Other port (type the path)…</option>
          </select>
        </div>
        <div className="field field-path">
          <label htmlFor="device-path">Port path</label>
          <input
            id="device-path"
            data-testid="device-path-input"
            type="text"
            spellCheck={false}
            placeholder="/dev/ttyUSB0 · COM3"
            value={path}
            disabled={viewer}
            onChange={(e) => {
              setPath(e.target.value);
              setChoice(CUSTOM);
            }}
            onKeyDown={(e) => e.key === 'Enter' && connect()}
          />
        </div>
        {choice !== SIM ? (
          <div className="field">
            <label htmlFor="band-select">Band</label>
            <select id="band-select" data-testid="band-select" value={band} disabled={viewer} onChange={(e) => setBand(e.target.value as BandChoice)}>
              {BAND_CHOICES.map((b) => (
                <option key={b.value} value={b.value}>
                  {b.label}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {choice !== SIM && (band === 'arduino' || band === 'auto') ? (
          <>
            <div className="field">
              <label htmlFor="scale-select">Sensor (text stream)</label>
              <select id="scale-select" data-testid="scale-select" value={scale} disabled={viewer} onChange={(e) => setScale(e.target.value)}>
                {SCALE_CHOICES.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="rate-input">Rate (blank: measure)</label>
              <span className="input-unit">
                <input id="rate-input" data-testid="rate-input" type="number" min={1} max={20000} placeholder="auto" value={rate} disabled={viewer} onChange={(e) => setRate(e.target.value)} />
                <span>Hz</span>
              </span>
            </div>
          </>
        ) : null}
        {choice !== SIM && band === 'bitalino' ? (
          <div className="field">
            <label htmlFor="inputs-input">Inputs</label>
            <input id="inputs-input" data-testid="inputs-input" type="text" value={inputs} disabled={viewer} placeholder="A1,A2" onChange={(e) => setInputs(e.target.value)} />
          </div>
        ) : null}
        {choice !== SIM && band === 'spiker' ? (
          <div className="field">
            <label htmlFor="spiker-channels">Channels</label>
            <input id="spiker-channels" data-testid="spiker-channels" type="number" min={1} max={6} value={spikerChannels} disabled={viewer} onChange={(e) => setSpikerChannels(e.target.value)} />
          </div>
        ) : null}
        <div className="device-buttons">
          <button type="button" className="btn btn-primary" data-testid="connect-button" disabled={viewer || busy} onClick={connect}>
            {active ? 'Reconnect' : 'Connect'}
          </button>
          <button type="button" className="btn" data-testid="disconnect-button" disabled={viewer || busy || state === 'idle'} onClick={disconnect}>
            Disconnect
          </button>
        </div>
        <div className={`device-status state-${state}`} data-testid="device-status" data-state={state} role="status">
          <span className="status-dot" aria-hidden="true" />
          <span className="status-text">
            <strong>{STATE_TEXT[state]}</strong>
            {info && state === 'streaming' ? (
              <span className="status-sub" data-testid="device-family">
                {info.family ? `${FAMILY_NAME[info.family] ?? info.family} · ` : ''}
                {info.deviceId}
              </span>
            ) : null}
            {status?.device.message ? <span className="status-sub status-message">{status.device.message}</span> : null}
          </span>
        </div>
        <RecordingIndicator recording={status?.recording} />
      </div>
      {portHint && choice !== SIM ? (
        <p className="note" data-testid="port-hint">
          USB: {portHint.text}
        </p>
      ) : null}
      {info?.notes && info.notes.length > 0 ? (
        <ul className="dsp-warnings">
          {info.notes.map((n) => (
            <li key={n} className="note note-warn" data-testid="device-note">
              {n}
            </li>
          ))}
        </ul>
      ) : null}
      {listing?.error ? (
        <p className="note note-warn" data-testid="device-list-error">
          {listing.error}
        </p>
      ) : null}
      {error ? (
        <p className="note note-error" data-testid="device-error" role="alert">
          {error}
        </p>
      ) : null}

      <div className="stats-row">
        <Stat
          label={info?.rateSource === 'estimated' ? 'Sample rate (measured)' : 'Sample rate'}
          testId="sample-rate"
          value={info ? `${info.rateSource === 'estimated' ? '~' : ''}${info.sampleRateHz} Hz${info.rateJitterPct !== undefined ? ` ±${info.rateJitterPct} %` : ''}` : '—'}
        />
        {info?.unit && info.unit !== 'µV' ? <Stat label="Unit" testId="signal-unit" value={info.unit} warn /> : null}
        <Stat label="Channels" testId="channel-count" value={info ? String(info.channelCount) : '—'} />
        <Stat label="Lines lost" testId="lines-lost" value={String(counters?.linesLost ?? 0)} warn={(counters?.linesLost ?? 0) > 0} />
        <Stat label="Lines corrupt" testId="lines-corrupt" value={String(counters?.linesCorrupt ?? 0)} warn={(counters?.linesCorrupt ?? 0) > 0} />
        <Stat label="Display" value={status ? `${status.displayRateHz} pt/s` : '—'} />
        <DspControls status={status} disabled={viewer} />
      </div>
      {status && status.dsp.warnings.length > 0 ? (
        <ul className="dsp-warnings">
          {status.dsp.warnings.map((w) => (
            <li key={w} className="note note-warn" data-testid="dsp-warning">
              {w}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function Stat({ label, value, testId, warn }: { label: string; value: string; testId?: string; warn?: boolean }) {
  return (
    <div className={`stat ${warn ? 'stat-warn' : ''}`}>
      <span className="stat-label">{label}</span>
      <span className="stat-value" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

function DspControls({ status, disabled }: { status: HostStatus | null; disabled: boolean }) {
  const api = useApi();
  const dsp = status?.dsp;
  const [rms, setRms] = useState<string>('');
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    if (dsp) setRms(String(dsp.rmsWindowMs));
  // only when the host's value changes, not on every status
  }, [dsp?.rmsWindowMs]);

  const update = (patch: { mains?: MainsSetting; mainsHarmonics?: number; rmsWindowMs?: number }) => {
    setErr(null);
    api.invoke('updateDsp', patch).catch((e: unknown) => setErr(e instanceof Error ? e.message : String(e)));
  };
  const commitRms = () => {
    const v = Number(rms);
    if (!dsp || !Number.isFinite(v) || v === dsp.rmsWindowMs) return;
    if (v < 10 || v > 1000) {
      setErr('RMS window: 10–1000 ms (100 ms is typical).');
      setRms(String(dsp.rmsWindowMs));
      return;
    }
    update({ rmsWindowMs: Math.round(v) });
  };

  return (
    <div className="dsp-controls">
      <div className="field field-inline">
        <label htmlFor="mains-select">Mains notch</label>
        <select
          id="mains-select"
          data-testid="mains-select"
          disabled={disabled || !dsp}
          value={dsp ? String(dsp.mains) : '50'}
          onChange={(e) => update({ mains: e.target.value === 'off' ? 'off' : (Number(e.target.value) as 50 | 60) })}
        >
          <option value="50">50 Hz</option>
          <option value="60">60 Hz</option>
          <option value="off">Off</option>
        </select>
      </div>
      <div className="field field-inline">
        <label htmlFor="mains-harmonics-select">Harmonics</label>
        <select
          id="mains-harmonics-select"
          data-testid="mains-harmonics-select"
          title="also notch the mains harmonics (hum from chargers, lights and motors sits at 2× and 3× the mains frequency)"
          disabled={disabled || !dsp || dsp.mains === 'off'}
          value={String(dsp?.mainsHarmonics ?? 1)}
          onChange={(e) => update({ mainsHarmonics: Number(e.target.value) })}
        >
          <option value="1">Fundamental only</option>
          <option value="2">+ 2nd ({dsp && dsp.mains !== 'off' ? 2 * dsp.mains : 100} Hz)</option>
          <option value="3">+ 2nd and 3rd</option>
        </select>
      </div>
      <div className="field field-inline">
        <label htmlFor="rms-window">RMS window</label>
        <span className="input-unit">
          <input
            id="rms-window"
            data-testid="rms-window-input"
            type="number"
            min={10}
            max={1000}
            step={5}
            disabled={disabled || !dsp}
            value={rms}
            onChange={(e) => setRms(e.target.value)}
            onBlur={commitRms}
            onKeyDown={(e) => e.key === 'Enter' && commitRms()}
          />
          <span>ms</span>
        </span>
      </div>
      {dsp ? (
        <span className="dsp-band" title="Band-pass actually applied">
          {dsp.highpassHz}–{dsp.effectiveLowpassHz} Hz
        </span>
      ) : null}
      {err ? <span className="note note-error">{err}</span> : null}
    </div>
  );
}

export function RecordingIndicator({ recording }: { recording: HostStatus['recording'] | undefined }) {
  // the host pushes durationS now and then: count on locally between pushes
  const [base, setBase] = useState<{ d: number; at: number } | null>(null);
  const [, tick] = useState(0);
  useEffect(() => {
    setBase(recording?.active && recording.durationS !== undefined ? { d: recording.durationS, at: performance.now() } : null);
  }, [recording?.active, recording?.durationS]);
  useEffect(() => {
    if (!recording?.active) return;
    const id = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(id);
  }, [recording?.active]);

  if (recording?.error) {
    return (
      <div className="recording rec-error" data-testid="recording-indicator" data-state="error" title={recording.path}>
        Recording stopped: {recording.error}
      </div>
    );
  }
  if (recording?.active) {
    const d = base ? base.d + (performance.now() - base.at) / 1000 : 0;
    return (
      <div className="recording rec-on" data-testid="recording-indicator" data-state="recording" title={recording.path}>
        <span className="rec-dot" aria-hidden="true">●</span> REC {formatDuration(d)}
      </div>
    );
  }
  return (
    <div className="recording rec-off" data-testid="recording-indicator" data-state="off">
      Not recording
    </div>
  );
}
