/**
 * "Export…" on a session: the whole session or one set as CSV, EDF+ or BDF+. The host writes it
 * with the streaming writers of `myocue export` into the data folder's exports/ and answers with
 * its name and size, not its content (a two-hour session is hundreds of MB); then the browser
 * downloads it from the host (`downloadPath`, streamed from disk), and the desktop app offers its
 * native "Save as" (`saveExport`: Electron main copies the file where the user chooses).
 * Shown in a row's actions panel (SessionActions.tsx), for one row at a time: its 3 + 3 × sets
 * options are made only when that panel opens.
 */
import { useState } from 'react';
import { useApi } from '../api/api-context';
import { errorText } from '../training/use-training-controller';
import { downloadFromHost, hasDesktopShell } from './save-file';

const FORMATS = [
  { to: 'csv', label: 'CSV' },
  { to: 'edf', label: 'EDF+' },
  { to: 'bdf', label: 'BDF+' },
] as const;

export function ExportMenu({ sessionId, name, sets, onError }: { sessionId: string; name: string; sets: number; onError(message: string): void }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const run = async (value: string) => {
    const [scope, to] = value.split(':') as [string, 'csv' | 'edf' | 'bdf'];
    setBusy(true);
    try {
      const r = await api.invoke('exportSession', scope === 'session' ? { sessionId, to } : { sessionId, to, set: Number(scope) });
      if (hasDesktopShell()) await api.invoke('saveExport', { fileName: r.fileName });
      else downloadFromHost(r.downloadPath, r.fileName);
    } catch (e) {
      onError(`Could not export: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <select
      className="mc-select mc-select--small"
      data-testid="session-export"
      aria-label={`Export ${name || 'session'}`}
      disabled={busy}
      value=""
      onChange={(e) => {
        const v = e.currentTarget.value;
        e.currentTarget.blur();
        if (v) void run(v);
      }}
    >
      <option value="">{busy ? 'Exporting…' : 'Export…'}</option>
      <optgroup label="Whole session">
        {FORMATS.map((f) => (
          <option key={f.to} value={`session:${f.to}`}>
            Session · {f.label}
          </option>
        ))}
      </optgroup>
      {sets > 0 && (
        <optgroup label="One set">
          {Array.from({ length: sets }, (_, i) =>
            FORMATS.map((f) => (
              <option key={`${i + 1}-${f.to}`} value={`${i + 1}:${f.to}`}>
                Set {i + 1} · {f.label}
              </option>
            )),
          )}
        </optgroup>
      )}
    </select>
  );
}
