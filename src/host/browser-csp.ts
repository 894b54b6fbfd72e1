import { CSP_DIRECTIVES, contentSecurityPolicy } from '../util/renderer-csp';

/**
 * The Content-Security-Policy header of the browser host's pages: the renderer's policy, the one
 * Electron sends too (src/util/renderer-csp.ts: scripts, styles and images from the bundle only,
 * no plugins, no frames, no forms, `frame-ancestors 'none'` so no other site can show the
 * controller in an invisible iframe: clickjacking; X-Frame-Options DENY says the same to older
 * browsers), plus the host's own WebSocket in connect-src.
 */
export function browserContentSecurityPolicy(hostHeader: string): string {
  return contentSecurityPolicy({
    ...CSP_DIRECTIVES,
    // 'self' covers ws: of the same host in CSP 3; the explicit source is for older engines
    'connect-src': [...CSP_DIRECTIVES['connect-src'], `ws://${hostHeader}`],
  });
}

/** Headers on every response of the browser host. */
export function securityHeaders(hostHeader: string): Record<string, string> {
  return {
    'Content-Security-Policy': browserContentSecurityPolicy(hostHeader),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
