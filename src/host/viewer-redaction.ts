/**
 * What a read-only viewer (a coach's TV or tablet on the network) is shown of the host's status:
 * everything the views need, minus where files live on this machine. Absolute paths tell another
 * device the user's name and folder layout, and a viewer has no use for them.
 */
import type { HostStatus } from './contract';

/** the last part of a path, either separator */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? '';
}

/** `/home/ann/.myocue/x.bdf` or `C:\Users\ann\x.bdf` inside a message → `x.bdf` */
const ABSOLUTE_PATH = /(?:[A-Za-z]:\\|~?\/)(?:[^\s"'`\\/]+[\\/])+([^\s"'`\\/]*)/g;

export function redactPaths(text: string): string {
  return text.replace(ABSOLUTE_PATH, (_match, last: string) => last);
}

export function viewerStatus(status: HostStatus): HostStatus {
  const recording = { ...status.recording };
  delete recording.path;
  if (recording.error !== undefined) recording.error = redactPaths(recording.error);
  const spec = status.device.spec;
  return {
    ...status,
    device: {
      ...status.device,
      spec: spec && spec.kind === 'serial' ? { ...spec, path: baseName(spec.path) } : spec,
      ...(status.device.message !== undefined ? { message: redactPaths(status.device.message) } : {}),
    },
    recording,
    dsp: { ...status.dsp, warnings: status.dsp.warnings.map(redactPaths) },
    ...(status.replay ? { replay: { ...status.replay, path: baseName(status.replay.path) } } : {}),
    viewer: true,
  };
}
