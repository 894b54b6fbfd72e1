/**
 * What counts as "our app" in the Electron shell, and what may leave it.
 *
 * The renderer is served from a custom scheme (app://myocue/...) instead of file://, as the
 * Electron security checklist advises: a file:// page shares its origin with every other local
 * file, while app://myocue is an origin of its own that maps onto dist/renderer/ only. Every
 * trust decision (IPC sender, navigation, CSP 'self') keys on this one origin.
 *
 * Pure: no Electron imports, so the rules are unit-tested.
 */
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'myocue';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;
/** The coach view: same page, hash route (the renderer routes on the hash). */
export const APP_COACH_URL = `${APP_INDEX_URL}#/coach`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for pages of our app: app://myocue/<anything>. */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/**
 * The file under `rootDir` an app:// URL stands for, or null when the URL is not ours or points
 * outside the root (`..`, encoded `%2e%2e`, a second absolute path, NUL).
 */
export function appUrlToFile(url: string, rootDir: string): string | null {
  if (!isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\u0000')) return null;
  if (pathname === '' || pathname === '/') pathname = '/index.html';
  const root = resolve(rootDir);
  const file = normalize(resolve(root, '.' + pathname));
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel)) return null;
  return file;
}

/**
 * The project's own pages: the only links the OS browser is asked to open. Each is an https
 * origin and a path prefix; a link matches when its origin is the same and its path is the prefix
 * or below it (so `https://github.com/myocue/myocue-evil` and `https://github.com.evil.example/`
 * do not). The same place as package.json's homepage, repository and bugs (a unit test keeps them
 * one).
 */
export const PROJECT_LINKS: readonly { origin: string; pathPrefix: string }[] = [
  // the repository: README, docs/, firmware-protocol/PROTOCOL.md, issues
  { origin: 'https://github.com', pathPrefix: '/myocue/myocue' },
];

/**
 * A link the OS browser may open: https, one of PROJECT_LINKS, no user info. `shell.openExternal`
 * with an untrusted URL can run programs (file:, smb:, custom handlers) or send the user to any
 * site a compromised page chose, so everything else stays closed. Returns the normalised URL or null.
 */
export function safeExternalUrl(url: string, allowed: readonly { origin: string; pathPrefix: string }[] = PROJECT_LINKS): string | null {
  const u = parse(url);
  if (!u || u.protocol !== 'https:' || u.username !== '' || u.password !== '') return null;
  const ok = allowed.some((a) => u.origin === a.origin && (u.pathname === a.pathPrefix || u.pathname.startsWith(a.pathPrefix.replace(/\/?$/, '/'))));
  return ok ? u.toString() : null;
}
