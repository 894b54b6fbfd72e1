/**
 * IPC channel names shared by the main process (ipc-bridge.ts) and the sandboxed preload. Only
 * two channels exist: every command goes through one validated handler, every event through one
 * message, so there is no per-command surface to audit.
 */
export const INVOKE_CHANNEL = 'myocue:invoke';
export const EVENT_CHANNEL = 'myocue:event';

/** What the main process answers to an invoke. An envelope instead of a thrown error keeps the
 *  message plain ("connect: path must be ...") rather than Electron's "Error invoking remote method" wrapper. */
export type InvokeReply = { ok: true; result: unknown } | { ok: false; error: string };

/** The one event message. */
export interface EventMessage {
  event: string;
  payload: unknown;
}
