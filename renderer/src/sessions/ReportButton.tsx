/**
 * "Report" on a session: asks the host for the session's self-contained HTML report
 * (src/report/) and saves it as a file, ready to send to a client or print to PDF.
 */
import { useState } from 'react';
import { useApi } from '../api/api-context';
import { errorText } from '../training/use-training-controller';
import { saveTextFile } from './save-file';

export function ReportButton({ sessionId, name, onError }: { sessionId: string; name: string; onError(message: string): void }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const make = async () => {
    setBusy(true);
    try {
      const report = await api.invoke('sessionReport', { sessionId });
      saveTextFile(report.fileName, report.html, 'text/html;charset=utf-8');
    } catch (e) {
      onError(`Could not make the report: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      className="mc-btn mc-btn--small"
      data-testid="session-report"
      disabled={busy}
      onClick={() => void make()}
      aria-label={`Report of ${name || 'session'} (HTML, prints to PDF)`}
      title="A self-contained HTML report: charts, numbers, notes. Prints to PDF."
    >
      {busy ? 'Making…' : 'Report'}
    </button>
  );
}
