/**
 * The Content-Security-Policy of the Electron renderer, sent as a response header by the app://
 * protocol handler (and added to any other response by session.webRequest). The renderer's
 * index.html carries a meta CSP too; browsers enforce both, so the effective policy is the
 * stricter of the two: this header is what Electron guarantees.
 *
 * Only what the renderer needs: scripts and styles come from the bundle; uPlot and React set
 * inline styles through the CSSOM (element.style), which CSP does not restrict, so no
 * 'unsafe-inline'. Electron talks to the host over IPC, so connect-src needs no WebSocket.
 */
import { CSP_DIRECTIVES, contentSecurityPolicy } from '../src/util/renderer-csp';

export { CSP_DIRECTIVES, contentSecurityPolicy };

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();
