/**
 * Open a recording of another tool from this computer: a file picker and a drop zone. In the
 * desktop app the picker is the native dialog (contract `chooseFile`: Electron main copies the
 * file into the data folder); in the browser the file is sent to the host (upload-file.ts), which
 * keeps it in the data folder. Then it opens for replay. When the file does not say its sample
 * rate (a plain CSV such as OpenSignals' emg_fatigue.csv) a small form asks for it, with the
 * format to read it as and which channel is the target and which assisting (a file of another
 * tool never says its roles; `inspectImport` gives the channels), and opens the same copy again.
 */
import { useRef, useState } from 'react';
import type { ImportFormat, ImportInspection, ReplayFileArg } from '../../../src/host/contract';
import { useApi } from '../api/api-context';
import { errorText } from '../training/use-training-controller';
import { uploadFile } from './upload-file';

/** what the picker offers (the host detects the format from the content, not from the name) */
export const IMPORT_ACCEPT = '.bdf,.edf,.txt,.csv,.tsv,.h5,.hdf5';

/** the importers' "cannot infer the sample rate …; pass --rate HZ" */
export function needsRate(message: string): boolean {
  return /sample rate/i.test(message) && /--rate|cannot infer|no .*rate/i.test(message);
}

type Step =
  | { kind: 'idle' }
  | { kind: 'uploading'; name: string; fraction: number }
  | { kind: 'opening'; name: string }
  /** `reason`: why the form is shown (the host's words); `message`: what the form says now */
  | { kind: 'needs-rate'; name: string; path: string; message: string; reason: string; inspection: ImportInspection | null }
  | { kind: 'error'; message: string };

/** Formats a user may choose in the form (the host checks the content against the choice). */
const FORMAT_CHOICES: { value: ImportFormat | 'auto'; label: string }[] = [
  { value: 'auto', label: 'Detect from the content' },
  { value: 'csv', label: 'CSV / text table' },
  { value: 'openbci', label: 'OpenBCI GUI text' },
  { value: 'brainflow', label: 'BrainFlow CSV' },
  { value: 'edf', label: 'EDF+ / BDF+' },
  { value: 'hdf5', label: 'OpenSignals HDF5' },
];

/** true in the desktop app, where "Choose a file…" is the native dialog */
function hasNativeDialog(): boolean {
  return typeof window !== 'undefined' && window.myocue !== undefined;
}

export function ImportFile({ onOpened }: { onOpened(): void }) {
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [over, setOver] = useState(false);
  const [rate, setRate] = useState('');
  const [format, setFormat] = useState<ImportFormat | 'auto'>('auto');
  const [target, setTarget] = useState(0);
  const [assisting, setAssisting] = useState<number[]>([1]);
  const busy = step.kind === 'uploading' || step.kind === 'opening';

  /** the channels of the file as `fmt` reads it (null when it cannot be read so: the message says why) */
  const inspect = async (path: string, fmt: ImportFormat | 'auto'): Promise<{ inspection: ImportInspection | null; problem: string | null }> => {
    try {
      const inspection = await api.invoke('inspectImport', fmt === 'auto' ? { path } : { path, format: fmt });
      return { inspection, problem: null };
    } catch (e) {
      return { inspection: null, problem: errorText(e) };
    }
  };

  const open = async (name: string, path: string, extra: Omit<ReplayFileArg, 'path'> = {}) => {
    setStep({ kind: 'opening', name });
    try {
      await api.invoke('openReplay', { path, ...extra });
      setStep({ kind: 'idle' });
      onOpened();
    } catch (e) {
      const message = errorText(e);
      if (!needsRate(message)) {
        setStep({ kind: 'error', message });
        return;
      }
      const fmt = extra.format ?? 'auto';
      const { inspection } = await inspect(path, fmt);
      const n = inspection?.channelLabels.length ?? 0;
      setFormat(fmt);
      setTarget(extra.target ?? 0);
      setAssisting(extra.assisting ?? (n >= 2 ? [1] : []));
      setStep({ kind: 'needs-rate', name, path, message, reason: message, inspection });
    }
  };

  const chooseNative = async () => {
    if (busy) return;
    try {
      const picked = await api.invoke('chooseFile', null);
      if (picked) await open(picked.fileName, picked.path);
    } catch (e) {
      setStep({ kind: 'error', message: errorText(e) });
    }
  };

  const changeFormat = async (fmt: ImportFormat | 'auto') => {
    if (step.kind !== 'needs-rate') return;
    setFormat(fmt);
    const { inspection, problem } = await inspect(step.path, fmt);
    const n = inspection?.channelLabels.length ?? 0;
    setTarget((t) => (t < n ? t : 0));
    setAssisting((a) => a.filter((c) => c < n));
    setStep({ ...step, inspection, message: problem ?? step.reason });
  };

  const take = async (file: File | undefined) => {
    if (!file || busy) return;
    setStep({ kind: 'uploading', name: file.name, fraction: 0 });
    try {
      const path = await uploadFile(api, file, (fraction) => setStep({ kind: 'uploading', name: file.name, fraction }));
      await open(file.name, path);
    } catch (e) {
      setStep({ kind: 'error', message: errorText(e) });
    }
  };

  const submitRate = () => {
    if (step.kind !== 'needs-rate') return;
    const hz = Number(rate);
    // the format chosen may say the rate itself (e.g. an OpenBCI header): then it may stay empty
    const rateKnown = step.inspection?.needs.rate === false && rate.trim() === '';
    if (!rateKnown && !(hz >= 1 && hz <= 100000)) {
      setStep({ ...step, message: 'Enter the sample rate in Hz (e.g. 1000).' });
      return;
    }
    const channels = step.inspection?.channelLabels.length ?? 0;
    void open(step.name, step.path, {
      ...(rateKnown ? {} : { rateHz: hz }),
      ...(format !== 'auto' ? { format } : {}),
      ...(channels > 0 ? { target, assisting: assisting.filter((c) => c !== target && c < channels) } : {}),
    });
  };
  const labels = step.kind === 'needs-rate' ? (step.inspection?.channelLabels ?? []) : [];

  return (
    <div className="mc-import">
      <div
        className={`mc-import__drop${over ? ' is-over' : ''}`}
        data-testid="import-drop"
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void take(e.dataTransfer.files[0]);
        }}
      >
        <span>Drop a recording here, or</span>
        <button type="button" className="mc-btn mc-btn--primary" data-testid="import-choose" disabled={busy} onClick={() => (hasNativeDialog() ? void chooseNative() : input.current?.click())}>
          Choose a file…
        </button>
        <input
          ref={input}
          type="file"
          accept={IMPORT_ACCEPT}
          className="mc-sr-only"
          data-testid="import-file-input"
          tabIndex={-1}
          onChange={(e) => {
            void take(e.currentTarget.files?.[0]);
            e.currentTarget.value = '';
          }}
        />
        <span className="mc-muted">OpenBCI .txt, OpenSignals .txt/.h5, Vicon CSV, BioSPPy, CSV, EDF+/BDF+. A copy is kept in the Myocue data folder.</span>
      </div>
      <div role="status" data-testid="import-status" data-step={step.kind}>
        {step.kind === 'uploading' && (
          <p className="mc-hint">
            Sending {step.name}… <span className="mc-num">{Math.round(step.fraction * 100)} %</span>
          </p>
        )}
        {step.kind === 'opening' && <p className="mc-hint">Opening {step.name}…</p>}
      </div>
      {step.kind === 'needs-rate' && (
        <form
          className="mc-import__form"
          data-testid="import-rate-form"
          onSubmit={(e) => {
            e.preventDefault();
            submitRate();
          }}
        >
          <p className="mc-hint">
            <strong>{step.name}</strong> does not say its sample rate. Enter it (the recording software's setting, e.g. 1000 Hz for OpenSignals):
          </p>
          <label className="mc-field mc-field--inline">
            <span className="mc-field__label">Sample rate</span>
            <input className="mc-input" data-testid="import-rate" type="number" min={1} max={100000} step="any" inputMode="decimal" value={rate} onChange={(e) => setRate(e.currentTarget.value)} autoFocus />
            <span>Hz</span>
          </label>
          <label className="mc-field mc-field--inline">
            <span className="mc-field__label">Format</span>
            <select className="mc-select" data-testid="import-format" value={format} onChange={(e) => void changeFormat(e.currentTarget.value as ImportFormat | 'auto')}>
              {FORMAT_CHOICES.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.value === 'auto' && step.inspection ? `${f.label} (${step.inspection.layout})` : f.label}
                </option>
              ))}
            </select>
          </label>
          {labels.length > 0 && (
            <fieldset className="mc-import__roles" data-testid="import-roles">
              <legend className="mc-field__label">Channels</legend>
              <label className="mc-field mc-field--inline">
                <span>Target</span>
                <select className="mc-select" data-testid="import-target" value={target} onChange={(e) => setTarget(Number(e.currentTarget.value))}>
                  {labels.map((l, i) => (
                    <option key={i} value={i}>
                      {i + 1}: {l}
                    </option>
                  ))}
                </select>
              </label>
              <span className="mc-field__label">Assisting</span>
              {labels.map((l, i) =>
                i === target ? null : (
                  <label key={i} className="mc-check">
                    <input
                      type="checkbox"
                      data-testid={`import-assisting-${i}`}
                      checked={assisting.includes(i)}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        setAssisting((a) => (on ? [...a.filter((c) => c !== i), i].sort((x, y) => x - y) : a.filter((c) => c !== i)));
                      }}
                    />
                    {i + 1}: {l}
                  </label>
                ),
              )}
            </fieldset>
          )}
          <button type="submit" className="mc-btn mc-btn--primary" data-testid="import-rate-open">
            Open
          </button>
          <span className="mc-muted mc-import__why">{step.message}</span>
        </form>
      )}
      {step.kind === 'error' && (
        <p className="mc-error-text" role="alert" data-testid="import-error">
          Could not open the file: {step.message}
        </p>
      )}
    </div>
  );
}
