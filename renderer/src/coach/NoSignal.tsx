/**
 * The TV's "NO SIGNAL": over the greyed-out numbers and bars when the band stopped streaming or
 * the screen lost the host, so nobody across the gym reads frozen values as live ones.
 */
import type { ConnectionState } from '../api/connect-api';
import type { HostStatus } from '../../../src/host/contract';

export type SignalState = { live: true } | { live: false; title: string; detail: string };

export function signalState(connection: ConnectionState, status: HostStatus | null): SignalState {
  if (connection !== 'open') return { live: false, title: 'NO SIGNAL', detail: connection === 'connecting' ? 'Connecting to the host…' : 'This screen lost the host. Reconnecting…' };
  const state = status?.device.state ?? 'idle';
  if (state === 'streaming') return { live: true };
  if (state === 'paused') return { live: false, title: 'PAUSED', detail: 'The replay is paused.' };
  const detail: Record<string, string> = {
    idle: 'No band connected.',
    connecting: 'Connecting to the band…',
    reconnecting: 'The band stopped sending. Reconnecting…',
    ended: 'The stream ended.',
    error: status?.device.message ?? 'The band reported an error.',
  };
  return { live: false, title: 'NO SIGNAL', detail: detail[state] ?? status?.device.message ?? '' };
}

export function NoSignalOverlay({ s }: { s: Extract<SignalState, { live: false }> }) {
  return (
    <div className="mc-nosignal" data-testid="no-signal" role="status" aria-live="assertive">
      <span className="mc-nosignal__title">{s.title}</span>
      {s.detail && <span className="mc-nosignal__detail">{s.detail}</span>}
    </div>
  );
}
