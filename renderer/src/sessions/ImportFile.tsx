/**
 * Open a recording of another tool from this computer: a file picker and a drop zone. The file
 * goes to the host (browser host and Electron alike: upload-file.ts), which keeps it in the data
 * folder, then it opens for replay. When the file does not say its sample rate (a plain CSV such
 * as OpenSignals' emg_fatigue.csv) a small form asks for it and opens the same copy again.
 */
import { useRef, useState } from 'react';
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
  | { kind: 'needs-rate'; name: string; path: string; message: string }
  | { kind: 'error'; message: string };

export function ImportFile({ onOpened }: { onOpened(): void }) {
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [over, setOver] = useState(false);
  const [rate, setRate] = useState('');
  const busy = step.kind === 'uploading' || step.kind === 'opening';

  const open = async (name: string, path: string, rateHz?: number) => {
    setStep({ kind: 'opening', name });
    try {
      await api.invoke('openReplay', rateHz ? { path, rateHz } : { path });
      setStep({ kind: 'idle' });
      onOpened();
    } catch (e) {
      const message = errorText(e);
      setStep(needsRate(message) ? { kind: 'needs-rate', name, path, message } : { kind: 'error', message });
    }
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
    if (!(hz >= 1 && hz <= 100000)) {
      setStep({ ...step, message: 'Enter the sample rate in Hz (e.g. 1000).' });
      return;
    }
    void open(step.name, step.path, hz);
  };

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
        <button type="button" className="mc-btn mc-btn--primary" data-testid="import-choose" disabled={busy} onClick={() => input.current?.click()}>
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
