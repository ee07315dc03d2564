// Memory of groups of processes, sampled from /proc every 200 ms (Linux). Used by the benchmarks to measure
// SaferHub's own process together with the PostgreSQL processes working for it.
//
// PSS (proportional set size) is the fair sum over several processes: a page shared by n processes counts
// 1/n in each, so PostgreSQL's shared buffers are counted once however many of its processes touch them. RSS
// counts every shared page in every process, so a sum of RSS overstates. PSS also gives away part of the pages
// a process shares with processes outside the group (the node or postgres binary, when other Node or
// PostgreSQL processes run on the machine), so for a single process, RSS is the safe figure.
import fs from 'node:fs';

export interface Usage {
  rssMb: number;
  pssMb: number;
  /** CPU time (user + system) the group's live processes have used since they started. */
  cpuSeconds: number;
}

/** One sample: each group's memory, summed over its processes. */
export type Sample = Record<string, Usage & { processes: number }>;

/** The sample where `measure` is highest, and that value. */
export function peakOf(samples: Sample[], measure: (sample: Sample) => number): { mb: number; sample: Sample } {
  let best = { mb: 0, sample: {} as Sample };
  for (const sample of samples) {
    const mb = measure(sample);
    if (mb > best.mb) best = { mb, sample };
  }
  return best;
}

/** A group's figures in a sample (zero when it had no process then). */
export const group = (sample: Sample, name: string) => sample[name] ?? { rssMb: 0, pssMb: 0, cpuSeconds: 0, processes: 0 };

/** Rss and Pss of one process in kB, or null when it is gone or cannot be read. */
export function rollup(pid: number): { rss: number; pss: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return { rss: Number(/^Rss:\s+(\d+)/m.exec(text)?.[1] ?? 0), pss: Number(/^Pss:\s+(\d+)/m.exec(text)?.[1] ?? 0) };
  } catch {
    return null;
  }
}

/** Clock ticks per second of /proc/<pid>/stat's times (100 on Linux everywhere SaferHub runs). */
const TICKS = 100;

/** User + system CPU seconds a process has used, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return null;
  }
}

/** The parent of a process, from /proc/<pid>/stat (the fields after the command name's closing parenthesis). */
export function parentOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/** Every live process's children, from one scan of /proc. */
export function childrenTable(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const ppid = parentOf(Number(name));
    if (ppid === null) continue;
    const list = children.get(ppid);
    if (list) list.push(Number(name));
    else children.set(ppid, [Number(name)]);
  }
  return children;
}

/** A process and all its descendants. */
export function withDescendants(root: number, children = childrenTable()): number[] {
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** The postmaster's pid from a cluster's postmaster.pid (its first line), when the file exists and the process lives. */
export function postmasterPid(pidFile: string): number | null {
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 && fs.existsSync(`/proc/${pid}`) ? pid : null;
  } catch {
    return null;
  }
}

const mb = (kb: number) => kb / 1024;

type CpuSeen = Map<string, { group: string; cpu: number }>; // by `group pid`: a process may be in several groups

/** A sample taken on demand, with every process's CPU time seen so far. */
export interface Mark {
  sample: Sample;
  cpu: CpuSeen;
}

/**
 * CPU seconds a group used between two marks: over every process seen by the later mark, its time then less
 * its time at the earlier one (0 when it started since). A process that ended meanwhile counts up to its last
 * sample, so up to one interval of its time may be missed.
 */
export function cpuBetween(from: Mark, to: Mark, name: string): number {
  let total = 0;
  for (const [key, seen] of to.cpu) {
    if (seen.group === name) total += seen.cpu - (from.cpu.get(key)?.cpu ?? 0);
  }
  return total;
}

/**
 * Samples the groups every `intervalMs` until stop(), which returns the samples. `groups` is called at every
 * sample, so processes that start or end meanwhile (PostgreSQL's backends, a cluster started by the child) are
 * followed. mark(name) takes a sample at once and remembers it by name (the start and end of a timed step).
 */
export function sampleMemory(groups: () => Record<string, number[]>, intervalMs = 200) {
  const samples: Sample[] = [];
  const marks: Record<string, Mark> = {};
  // Every process's CPU time when last seen, kept after it ends (a backend that closes before the end mark).
  const lastCpu: CpuSeen = new Map();
  const sample = () => {
    const now: Sample = {};
    for (const [name, pids] of Object.entries(groups())) {
      const usage = { rssMb: 0, pssMb: 0, cpuSeconds: 0, processes: 0 };
      for (const pid of new Set(pids)) {
        const r = rollup(pid);
        if (!r) continue;
        usage.rssMb += mb(r.rss);
        usage.pssMb += mb(r.pss);
        const cpu = cpuSeconds(pid) ?? 0;
        usage.cpuSeconds += cpu;
        lastCpu.set(`${name} ${pid}`, { group: name, cpu });
        usage.processes++;
      }
      now[name] = usage;
    }
    samples.push(now);
    return now;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    mark(name: string) {
      marks[name] = { sample: sample(), cpu: new Map(lastCpu) };
    },
    peek(): { samples: Sample[]; marks: Record<string, Mark> } {
      return { samples, marks };
    },
    stop(): { samples: Sample[]; marks: Record<string, Mark> } {
      clearInterval(timer);
      return { samples, marks };
    },
  };
}
