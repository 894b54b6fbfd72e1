/**
 * The Content-Security-Policy the renderer bundle needs, wherever it is served: by Electron's
 * app:// protocol (electron/csp.ts) and by the browser host (src/host/browser-csp.ts, which adds
 * its WebSocket). Scripts and styles come from the bundle; uPlot and React set inline styles
 * through the CSSOM (element.style), which CSP does not restrict, so no 'unsafe-inline'; no
 * plugins, frames or forms, and no page may frame the app (frame-ancestors).
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'none'"],
};

export function contentSecurityPolicy(directives: Readonly<Record<string, readonly string[]>> = CSP_DIRECTIVES): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
