/**
 * What the page does first, before React is evaluated (main.tsx imports this module first, and it
 * imports nothing of React): connect to the host, and when the page opens on the Sessions page
 * (not as a read-only viewer, which is shown no sessions), ask for what its first render shows:
 * the lifters, the exercise names and the session listing. Measured on the 1,000-session bench,
 * the view's own effects asked for them only after ~300 ms of script and first render, and the
 * WebSocket took ~100 ms more to open.
 */
import { routeFromHash } from '../route';
import { fetchOrSendEarly, sendEarly } from './early-requests';
import { canFetchEarly } from './early-fetch';
import { sharedApi, urlIsViewer } from './shared-api';

export function startPage(): void {
  const api = sharedApi();
  if (typeof window === 'undefined') return;
  if (routeFromHash(window.location.hash) === 'sessions' && !urlIsViewer()) {
    // over HTTP where the browser host serves the page: a fetch leaves now, a socket request only
    // once the socket's open event gets the main thread (early-fetch.ts); small answers first
    const ask = canFetchEarly() ? fetchOrSendEarly : sendEarly;
    ask(api, 'listLifters');
    ask(api, 'listExercises');
    ask(api, 'listSessions');
  }
}

startPage();
