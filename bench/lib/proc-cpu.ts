/**
 * CPU time (user + system) of a process and its live descendants, from /proc (Linux). Used for the
 * embedded PostgreSQL: the postmaster and its backends. Exited descendants are not counted, so
 * measure across a phase whose connections stay open. undefined where /proc is unavailable.
 */
import fs from 'node:fs';
import path from 'node:path';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function statOf(pid: string): { ppid: number; cpuTicks: number } | undefined {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' '); // from field 3 (state) on
    return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) }; // utime, stime
  } catch {
    return undefined;
  }
}

export function processTreeCpuMs(rootPid: number): number | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return undefined;
  }
  const stats = new Map<number, { ppid: number; cpuTicks: number }>();
  for (const e of entries) {
    const s = statOf(e);
    if (s) stats.set(Number(e), s);
  }
  if (!stats.has(rootPid)) return undefined;
  const children = new Map<number, number[]>();
  for (const [pid, s] of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  let ticks = 0;
  for (const stack = [rootPid]; stack.length;) {
    const pid = stack.pop()!;
    ticks += stats.get(pid)?.cpuTicks ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** The postmaster's pid from postmaster.pid in a data directory. */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
