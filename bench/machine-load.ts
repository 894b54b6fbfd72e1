/**
 * How busy the machine was around a benchmark section, so every figure says what it was measured
 * under: the load average, and the cores kept busy by ALL processes (from /proc/stat) during a
 * short look before the section starts (the other jobs: this bench is not running yet) and over
 * the section itself (the bench included). Where /proc/stat is missing (not Linux) only the load
 * average is given.
 */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';

export interface MachineLoad {
  cores: number;
  /** 1-minute load average at the start */
  loadAvg1: number;
  /** cores busy (all processes) in the look before the section: the machine's other work */
  othersBusyCores: number | null;
  /** cores busy (all processes, the bench included) over the section */
  sectionBusyCores: number | null;
}

function cpuTicks(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal …
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

function busyCores(a: { busy: number; total: number } | null, b: { busy: number; total: number } | null, cores: number): number | null {
  if (!a || !b || b.total <= a.total) return null;
  return ((b.busy - a.busy) / (b.total - a.total)) * cores;
}

/** Looks at the machine for `lookMs` (nothing of the bench runs yet), then returns stop(), called when the section ends. */
export async function probeMachineLoad(lookMs = 1000): Promise<{ stop(): MachineLoad }> {
  const cores = os.cpus().length;
  const loadAvg1 = os.loadavg()[0];
  const t0 = cpuTicks();
  await new Promise((r) => setTimeout(r, lookMs));
  const t1 = cpuTicks();
  const othersBusyCores = busyCores(t0, t1, cores);
  return {
    stop: () => ({ cores, loadAvg1, othersBusyCores, sectionBusyCores: busyCores(t1, cpuTicks(), cores) }),
  };
}

/** "machine: 2 cores, load avg 7.1, other work kept 1.6 cores busy before the start (busy during: 2.0)" */
export function describeLoad(m: MachineLoad): string {
  const f = (x: number | null) => (x === null ? 'unknown' : x.toFixed(1));
  const quiet = m.othersBusyCores !== null && m.othersBusyCores < 0.2 * m.cores ? 'quiet' : 'BUSY';
  return `machine: ${m.cores} cores, load avg ${m.loadAvg1.toFixed(1)}, other work kept ${f(m.othersBusyCores)} cores busy before the start (${quiet}); ${f(m.sectionBusyCores)} busy during the section`;
}
