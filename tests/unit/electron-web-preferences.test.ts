import { describe, it, expect } from 'vitest';
import { secureWebPreferences } from '../../electron/web-preferences';
import { CONTENT_SECURITY_POLICY, CSP_DIRECTIVES, contentSecurityPolicy } from '../../electron/csp';

describe('secureWebPreferences', () => {
  const prefs = secureWebPreferences('/app/dist/electron/preload.cjs');

  it('sets every security-relevant preference explicitly', () => {
    expect(prefs).toEqual({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    });
  });

  it('enables no Blink features and no remote/insecure switches', () => {
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('enableRemoteModule');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });

  it('returns a fresh object each time (a caller mutating one window cannot weaken the next)', () => {
    const a = secureWebPreferences('/p');
    a.nodeIntegration = true;
    expect(secureWebPreferences('/p').nodeIntegration).toBe(false);
  });
});

describe('Content-Security-Policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  it('allows scripts, styles and connections from the app only', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:']);
    expect(directives.get('font-src')).toEqual(["'self'"]);
    expect(directives.get('worker-src')).toEqual(["'self'"]);
  });

  it('shuts everything else', () => {
    for (const name of ['object-src', 'base-uri', 'frame-src', 'frame-ancestors', 'form-action']) {
      expect(directives.get(name), name).toEqual(["'none'"]);
    }
  });

  it('has no unsafe or wildcard sources', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|\*|https?:|ws:|wss:|blob:/);
  });

  it('is built from the directive table', () => {
    expect(contentSecurityPolicy(CSP_DIRECTIVES)).toBe(CONTENT_SECURITY_POLICY);
    expect(contentSecurityPolicy({ 'default-src': ["'none'"], 'img-src': ["'self'", 'data:'] })).toBe("default-src 'none'; img-src 'self' data:");
  });
});
