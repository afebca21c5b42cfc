import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU accounting from Linux's /proc, so the bench can say where the CPU goes per request: the server's
 * main thread, its other threads (the writer thread, libuv, GC helpers) and the load generator. Elsewhere
 * (no /proc) every figure is null and the bench prints blanks.
 */

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux everywhere in practice). */
const TICKS_PER_S = 100;

/** CPU seconds used so far by one process, split into its main thread and all its other threads. */
export interface ProcessCpu {
  main: number;
  others: number;
}

/** utime + stime of one /proc/…/stat line, in seconds. */
function statSeconds(path: string): number {
  const stat = readFileSync(path, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its end.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

/** CPU seconds of a process so far, or null where /proc cannot tell (not Linux, process gone). */
export function processCpu(pid: number): ProcessCpu | null {
  try {
    let main = 0;
    let others = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const s = statSeconds(`/proc/${pid}/task/${tid}/stat`);
      if (Number(tid) === pid) main = s;
      else others += s;
    }
    return { main, others };
  } catch {
    return null;
  }
}

/** CPU seconds of several server processes together (several collectors on one database), or null. */
function sumCpu(pids: number[]): ProcessCpu | null {
  let main = 0;
  let others = 0;
  for (const pid of pids) {
    const cpu = processCpu(pid);
    if (cpu === null) return null;
    main += cpu.main;
    others += cpu.others;
  }
  return { main, others };
}

/** Busy and total CPU time of the whole machine so far, in ticks (from /proc/stat), or null. */
export function machineCpu(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Where the CPU went during one measured run. */
export interface CpuSplit {
  /** µs of CPU per answered request: the server's main thread, its other threads, the load generator */
  mainUs: number | null;
  othersUs: number | null;
  loadUs: number;
  /** the database server's CPU per request, where it is a server of its own (PostgreSQL cases) */
  dbUs?: number | null;
  /** share of the machine's CPU time that was busy (all processes), 0–1 */
  machineBusy: number | null;
}

/** Measures `run` (a load run answering some requests) and splits the CPU it cost per request. */
export async function measureCpu<T extends { generatorCpuSeconds?: number }>(
  serverPids: number | number[],
  run: () => Promise<T>,
  answered: (result: T) => number,
): Promise<{ result: T; cpu: CpuSplit }> {
  const pids = ([] as number[]).concat(serverPids);
  const server0 = sumCpu(pids);
  const machine0 = machineCpu();
  const load0 = process.cpuUsage();
  const result = await run();
  const load = process.cpuUsage(load0);
  const server1 = sumCpu(pids);
  const machine1 = machineCpu();
  const n = Math.max(1, answered(result));
  const perReq = (s: number) => (s * 1e6) / n;
  return {
    result,
    cpu: {
      mainUs: server0 && server1 ? perReq(server1.main - server0.main) : null,
      othersUs: server0 && server1 ? perReq(server1.others - server0.others) : null,
      // A generator in its own process reports its own CPU; else it ran in this one.
      loadUs:
        result.generatorCpuSeconds === undefined ? (load.user + load.system) / n : perReq(result.generatorCpuSeconds),
      machineBusy:
        machine0 && machine1 ? (machine1.busy - machine0.busy) / Math.max(1, machine1.total - machine0.total) : null,
    },
  };
}
