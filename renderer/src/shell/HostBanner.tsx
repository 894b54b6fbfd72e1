/**
 * "Connection to the host lost" while the WebSocket is down (it reconnects by itself), and "this
 * link needs its token" when the host refused the link (a viewer URL without its ?token=).
 */
import { useEffect, useRef, useState } from 'react';
import { useConnection } from '../api/api-context';

export function HostBanner() {
  const connection = useConnection();
  const wasOpen = useRef(false);
  const [slowStart, setSlowStart] = useState(false);
  if (connection === 'open') wasOpen.current = true;
  useEffect(() => {
    // the first connect is usually instant: only say so when it is not
    const t = setTimeout(() => setSlowStart(true), 1500);
    return () => clearTimeout(t);
  }, []);
  if (connection === 'unauthorized') {
    return (
      <div className="host-banner" role="alert" data-testid="host-banner" data-state={connection}>
        <span className="host-banner-dot" aria-hidden="true" />
        This link needs its token: open the full URL that <code>myocue serve</code> printed (it ends in <code>?token=…</code>).
      </div>
    );
  }
  if (connection === 'open' || (!wasOpen.current && !slowStart)) return null;
  return (
    <div className="host-banner" role="alert" data-testid="host-banner" data-state={connection}>
      <span className="host-banner-dot" aria-hidden="true" />
      {wasOpen.current
        ? 'Connection to the Myocue host lost — reconnecting… The live view resumes by itself.'
        : 'Cannot reach the Myocue host yet — retrying… Is `myocue serve` running?'}
    </div>
  );
}
