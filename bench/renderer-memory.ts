/**
 * Resident memory of the Chromium page renderers this bench started: the processes whose command
 * line says `--type=renderer` (not `--top-chrome-webui`: the browser's own omnibox popup) and whose
 * parent chain leads to this process (Linux /proc). With one page open that is the page's renderer
 * and the spare one Chromium keeps ready for the next tab.
 * The page's JS heap after a GC says what the page's script keeps; this says what the tab costs
 * the machine (issue 10.2 saw it rise 306 → 328 MB in 15 min). Null where /proc is not readable.
 */
import { readdirSync, readFileSync } from 'node:fs';

function parentOf(pid: number): number | null {
  try {
    // /proc/PID/stat: "pid (comm) state ppid ...", comm may hold spaces and parentheses
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function descendsFrom(pid: number, ancestor: number): boolean {
  for (let p: number | null = pid, hops = 0; p !== null && p > 1 && hops < 32; hops++) {
    if (p === ancestor) return true;
    p = parentOf(p);
  }
  return false;
}

/** sum of VmRSS over this process's Chromium renderers, MB, and how many there are (null: none found or no /proc) */
export function rendererRss(): { mb: number; processes: number } | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  let kb = 0;
  let found = 0;
  for (const name of entries) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 1) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      // page renderers only: not the browser's own WebUI (the omnibox popup, Electron has none)
      if (!cmdline.includes('--type=renderer') || cmdline.includes('--top-chrome-webui')) continue;
      if (!descendsFrom(pid, process.pid)) continue;
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) {
        kb += Number(m[1]);
        found++;
      }
    } catch {
      // the process ended meanwhile
    }
  }
  return found ? { mb: kb / 1024, processes: found } : null;
}
