/**
 * The page's one connection to the host (React StrictMode mounts twice in development; the
 * connection is made once). Made by api/page-start.ts when the page's script starts, before React
 * is evaluated, so the WebSocket opens while React renders its first frame.
 */
import { connectApi, type ConnectedApi } from './connect-api';

let shared: ConnectedApi | null = null;

export function sharedApi(): ConnectedApi {
  return (shared ??= connectApi());
}

/** true when the page URL names a read-only viewer (`token` or `viewer` param) */
export function urlIsViewer(): boolean {
  if (typeof window === 'undefined') return false;
  const params = new URLSearchParams(window.location.search);
  const hashQuery = window.location.hash.split('?')[1] ?? '';
  const hashParams = new URLSearchParams(hashQuery);
  return params.has('token') || params.has('viewer') || hashParams.has('viewer');
}
