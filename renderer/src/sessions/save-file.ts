/**
 * Saves text made by the host as a file on this computer: a Blob behind a temporary object URL
 * and a download link (a browser asks where to save or uses its downloads folder; Electron uses
 * its download handler). No server round trip, no network.
 */
export function saveTextFile(fileName: string, text: string, mimeType: string): void {
  saveBlob(fileName, new Blob([text], { type: mimeType }));
}

export function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // the download has started from the URL; free it a little later
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** the same for a binary file the host sent as base64 */
export function saveBytesFile(fileName: string, base64: string, mimeType: string): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  saveBlob(fileName, new Blob([bytes], { type: mimeType }));
}
