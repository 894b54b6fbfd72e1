/**
 * The Electron main process: app lifecycle, windows and the security settings around them. The
 * EMG work happens in the host core (src/host/host.ts), shared with the browser host; this file
 * only wires it to windows through the preload bridge (ipc-bridge.ts ↔ preload.ts).
 *
 * Layout at run time (scripts/build.mjs):
 *   dist/electron/main.cjs      this file, bundled
 *   dist/electron/preload.cjs   the sandboxed preload
 *   dist/dsp-worker.js          the DSP worker thread
 *   dist/renderer/index.html    the React app, served as app://myocue/ (app-origin.ts)
 *
 * Security choices (ENGINEERING.md, Electron security checklist): every window uses
 * secureWebPreferences (context isolation, sandbox, no Node); pages come from our own app://
 * scheme with a CSP header; window.open is denied (the project's own links go to the OS browser); navigation
 * away from the app is blocked; every permission request is denied; IPC senders are checked.
 * Links open in the OS browser only for the project's own pages (app-origin.ts PROJECT_LINKS).
 * Packaging (electron-builder.config.cjs) flips the fuses (electron/fuses.ts) and unpacks
 * dist/dsp-worker.js from the asar.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  protocol,
  screen,
  session,
  shell,
  type BrowserWindowConstructorOptions,
  type MenuItemConstructorOptions,
} from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHost, type HostHandle } from '../src/host/host';
import { validateCommand } from '../src/host/command-validation';
import { APP_COACH_URL, APP_INDEX_URL, APP_SCHEME, appUrlToFile, isAppUrl, safeExternalUrl } from './app-origin';
import { CONTENT_SECURITY_POLICY } from './csp';
import { registerIpc, type IpcBridge } from './ipc-bridge';
import { chooseFileForImport } from './file-dialog';
import { saveExportAs } from './save-dialog';
import { EXPORTS_FOLDER } from '../src/host/session-export';
import { parseLaunchArgs } from './launch-args';
import { secureWebPreferences } from './web-preferences';

const RENDERER_DIR = join(__dirname, '..', 'renderer');
const PRELOAD_PATH = join(__dirname, 'preload.cjs');
/**
 * Worker threads cannot start from inside an asar archive: a packaged app must list
 * dist/dsp-worker.js in `asarUnpack`, and we point at the unpacked copy.
 */
const DSP_WORKER_PATH = join(__dirname, '..', 'dsp-worker.js').replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');

const launch = parseLaunchArgs(process.argv);
if (launch.dataDir) app.setPath('userData', launch.dataDir);

// Every renderer sandboxed, even one created by code that forgot the webPreferences.
app.enableSandbox();

// Must happen before 'ready'. 'standard' gives app://myocue a real origin (CSP 'self', relative
// URLs, module scripts); 'secure' makes it a secure context like https.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let host: HostHandle | null = null;
let bridge: IpcBridge | null = null;
let mainWindow: BrowserWindow | null = null;
let coachWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  // a second launch would fight the first over the serial port and the recording files
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.whenReady().then(start).catch(fail);
}

async function start(): Promise<void> {
  serveAppScheme();
  lockDownSession();

  const checked = validateCommand('connect', launch.device);
  if (!checked.ok) throw new Error(`--device: ${checked.error}`);
  host = await createHost({ dataDir: app.getPath('userData'), device: launch.device, dspWorkerPath: DSP_WORKER_PATH });
  const h = host;
  bridge = registerIpc(ipcMain, h, isAppUrl, {
    // the native dialog belongs to the window that asked (the coach window is a viewer and never gets here)
    chooseFile: async (senderId) => {
      const win = BrowserWindow.getAllWindows().find((w) => w.webContents.id === senderId) ?? mainWindow;
      if (!win) return null;
      return chooseFileForImport(dialog, win, (p) => h.keepImportCopy(p));
    },
    // the host wrote the export into <data>/exports/; the user says where a copy goes
    saveExport: async (senderId, arg) => {
      const win = BrowserWindow.getAllWindows().find((w) => w.webContents.id === senderId) ?? mainWindow;
      if (!win) return null;
      return saveExportAs(dialog, win, join(app.getPath('userData'), EXPORTS_FOLDER), arg.fileName, app.getPath('downloads'));
    },
  });

  Menu.setApplicationMenu(buildMenu());
  mainWindow = createMainWindow();

  app.on('activate', () => {
    // macOS: clicking the dock icon with no window open makes a new one
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
  });
}

function fail(err: unknown): void {
  dialog.showErrorBox('Myocue could not start', err instanceof Error ? err.message : String(err));
  app.exit(1);
}

/** app://myocue/<path> → dist/renderer/<path>, nothing outside it, with the CSP header. */
function serveAppScheme(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appUrlToFile(request.url, RENDERER_DIR);
    if (!file) return new Response('not found', { status: 404 });
    let res: Response;
    try {
      res = await net.fetch(pathToFileURL(file).toString());
    } catch {
      return new Response('not found', { status: 404 });
    }
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}

function lockDownSession(): void {
  const ses = session.defaultSession;
  // the app needs no camera, microphone, notifications, HID, serial (that is in the main process) ...
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // belt and braces: our pages get the CSP even if a response bypassed the protocol handler's
  // header, and so would any document that somehow loads in a frame
  ses.webRequest.onHeadersReceived((details, callback) => {
    const isDocument = details.resourceType === 'mainFrame' || details.resourceType === 'subFrame';
    if (!isDocument && !isAppUrl(details.url)) return callback({});
    const headers = { ...details.responseHeaders };
    const has = Object.keys(headers).some((k) => k.toLowerCase() === 'content-security-policy');
    if (!has) headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
}

/** Applied to every webContents (windows, and anything else that shows up). */
function hardenWebContents(contents: Electron.WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    const external = safeExternalUrl(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });
  const blockNavigation = (event: Electron.Event, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    const external = safeExternalUrl(url);
    if (external) void shell.openExternal(external);
  };
  contents.on('will-navigate', blockNavigation);
  contents.on('will-redirect', blockNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * The only place a window is made, so no window can get other webPreferences. (electronegativity
 * cannot see through the function call; scripts/electronegativity.mjs checks the values instead.)
 */
function createSecureWindow(options: Omit<BrowserWindowConstructorOptions, 'webPreferences'>): BrowserWindow {
  return new BrowserWindow({ ...options, webPreferences: secureWebPreferences(PRELOAD_PATH) });
}

function createMainWindow(): BrowserWindow {
  const win = createSecureWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    title: 'Myocue',
    show: false,
    backgroundColor: '#111418',
  });
  bridge?.attach(win.webContents, 'controller');
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
    // the coach screen mirrors the main window: it goes with it
    if (coachWindow && !coachWindow.isDestroyed()) coachWindow.close();
  });
  void win.loadURL(APP_INDEX_URL);
  return win;
}

/** The coach view on a second display, fullscreen; windowed next to the main window if there is only one. */
function openCoachWindow(): void {
  if (coachWindow && !coachWindow.isDestroyed()) {
    coachWindow.focus();
    return;
  }
  const mainBounds = mainWindow?.getBounds();
  const mainDisplay = mainBounds ? screen.getDisplayMatching(mainBounds) : screen.getPrimaryDisplay();
  const other = screen.getAllDisplays().find((d) => d.id !== mainDisplay.id);
  const area = (other ?? mainDisplay).workArea;
  const win = createSecureWindow({
    x: area.x + (other ? 0 : 40),
    y: area.y + (other ? 0 : 40),
    width: other ? area.width : Math.min(1280, area.width - 80),
    height: other ? area.height : Math.min(800, area.height - 80),
    title: 'Myocue: coach view',
    show: false,
    backgroundColor: '#000000',
    autoHideMenuBar: true,
  });
  // the coach screen only watches: same rules as a TV on the network
  bridge?.attach(win.webContents, 'viewer');
  win.once('ready-to-show', () => {
    win.show();
    // set after the window is on the second display, or Linux WMs fullscreen it on the first
    if (other) win.setFullScreen(true);
  });
  win.on('closed', () => {
    if (coachWindow === win) coachWindow = null;
  });
  void win.loadURL(APP_COACH_URL);
  coachWindow = win;
}

function buildMenu(): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Coach view (second screen)', accelerator: 'CmdOrCtrl+Shift+K', click: openCoachWindow },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        // developer tools only in development builds
        ...(app.isPackaged ? [] : ([{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }] as MenuItemConstructorOptions[])),
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}

app.on('window-all-closed', () => {
  // macOS apps stay active without windows until Cmd+Q
  if (process.platform !== 'darwin') app.quit();
});

// Close the host (serial port, worker, the recording's last records) before the process exits.
let closing = false;
app.on('will-quit', (event) => {
  if (!host || closing) return;
  event.preventDefault();
  closing = true;
  bridge?.dispose();
  const h = host;
  host = null;
  h.close()
    .catch((err) => console.error('myocue: closing the host failed', err))
    .finally(() => app.quit());
});

