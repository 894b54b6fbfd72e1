/**
 * The webPreferences of every Myocue BrowserWindow, as a pure function so a unit test can assert
 * each value without the Electron binary. Electron's defaults are already mostly safe in v45, but
 * spelling every one out keeps a future default change or a copy-pasted option from weakening
 * the renderer silently (and lets electronegativity see them).
 */
import type { WebPreferences } from 'electron';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    // the page and the preload run in separate JS worlds: the page only sees window.myocue
    contextIsolation: true,
    // the renderer is a Chromium sandbox process; the preload may only require 'electron'
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    // no middle-click: it is another way to open a link in a new window
    disableBlinkFeatures: 'Auxclick',
    navigateOnDragDrop: false,
    // spellcheck would download dictionaries from Google and is of no use on a training screen
    spellcheck: false,
    safeDialogs: true,
  };
}
