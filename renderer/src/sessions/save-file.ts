/**
 * Files onto this computer. Small text the host made (a report): a Blob behind a temporary object
 * URL and a download link (a browser asks where to save or uses its downloads folder; Electron
 * uses its download handler). A large file the host wrote (an export): downloaded by the browser
 * from the host, streamed (downloadFromHost).
 */
export function saveTextFile(fileName: string, text: string, mimeType: string): void {
  saveBlob(fileName, new Blob([text], { type: mimeType }));
}

export function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  clickDownload(url, fileName);
  // the download has started from the URL; free it a little later
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** true in the desktop app (Electron's preload bridge), whose main process has the native dialogs */
export function hasDesktopShell(): boolean {
  return typeof window !== 'undefined' && window.myocue !== undefined;
}

/**
 * A file the browser host serves (an export: `/exports/<name>`), downloaded by the browser itself
 * from there: streamed to disk, never held in the page. Same origin; the host serves it to the
 * controller, which it knows by the connection (this machine), as for the page's WebSocket, so no
 * token goes into the URL (nor into the browser's download history).
 */
export function downloadFromHost(path: string, fileName: string): void {
  clickDownload(new URL(path, window.location.href).toString(), fileName);
}

function clickDownload(href: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
