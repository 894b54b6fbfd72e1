/**
 * The Electron fuses of a packaged Myocue: switches compiled into the Electron binary that no
 * command line, environment variable or script can turn back on (https://www.electronjs.org/docs/latest/tutorial/fuses).
 * The packaging configuration (electron-builder.config.cjs, afterPack) flips them on the packaged
 * binary with @electron/fuses; the unit test flips a binary's fuse wire and reads it back.
 *
 * - RunAsNode off: ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node.js interpreter.
 * - Cookie encryption on: the session's cookies are encrypted at rest with the OS keychain.
 * - NODE_OPTIONS and --inspect off: nobody can inject code or a debugger through the environment
 *   or the command line of an installed app.
 * - Embedded ASAR integrity and only-load-from-ASAR on: the app code is the signed archive, not a
 *   folder someone dropped next to it.
 * - File protocol privileges off: the renderer loads from app://myocue (app-origin.ts), never file://.
 */
import { flipFuses, FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';

export const MYOCUE_FUSES = {
  version: FuseVersion.V1,
  // a future Electron with a fuse this list does not name fails the packaging instead of inheriting a default
  strictlyRequireAllFuses: true,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  [FuseV1Options.WasmTrapHandlers]: true,
} satisfies FuseV1Config;

/** Flips Myocue's fuses on a packaged Electron binary (or a macOS .app); returns the fuse wires written. */
export function applyMyocueFuses(electronBinary: string, opts: { resetAdHocDarwinSignature?: boolean } = {}): Promise<number> {
  return flipFuses(electronBinary, { ...MYOCUE_FUSES, ...opts });
}
