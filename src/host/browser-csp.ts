/**
 * The Content-Security-Policy header of the browser host's pages: the Electron renderer's policy
 * (electron/csp.ts: scripts, styles and images from the bundle only, no plugins, no frames, no
 * forms), plus the host's own WebSocket in connect-src, and `frame-ancestors 'none'` so no other
 * site can show the controller in an invisible iframe (clickjacking; X-Frame-Options DENY says
 * the same to older browsers).
 */
export function browserContentSecurityPolicy(hostHeader: string): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    // 'self' covers ws: of the same host in CSP 3; the explicit source is for older engines
    'connect-src': ["'self'", `ws://${hostHeader}`],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
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
