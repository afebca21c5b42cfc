import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * BENCH_COLLECTOR_CPUS=0.5: each collector process may use at most that many CPUs (a Linux cgroup's CPU quota,
 * on all its threads), so several collectors each get a share of their own, as they would on machines of their
 * own or on a machine with more cores; PostgreSQL and wrk are not capped. What bench:ingest measures with it is
 * whether two collectors do twice what one does when neither waits for the CPU the other uses.
 *
 * Needs root and the cgroup `cpu` controller (v2 `cpu.max`, or v1 `cpu.cfs_quota_us`); throws otherwise.
 */

/** The CFS period of the quota: short, so a capped collector pauses for at most a few ms at a time. */
const PERIOD_US = 10_000;

/** Where new CPU cgroups go: the v2 root when it has the cpu controller, else the v1 cpu hierarchy. */
function hierarchy(): { dir: string; v2: boolean } {
  const v2 = '/sys/fs/cgroup/cgroup.controllers';
  if (existsSync(v2) && readFileSync(v2, 'utf8').split(/\s+/).includes('cpu'))
    return { dir: '/sys/fs/cgroup', v2: true };
  if (existsSync('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')) return { dir: '/sys/fs/cgroup/cpu', v2: false };
  throw new Error('BENCH_COLLECTOR_CPUS needs the cgroup cpu controller (/sys/fs/cgroup), and root');
}

/** Caps process `pid` (all its threads, and those it starts later) at `cpus` CPUs; returns the undo. */
export function capCpus(pid: number, cpus: number): () => void {
  if (!(cpus > 0)) throw new Error(`BENCH_COLLECTOR_CPUS must be a positive number of CPUs, not ${cpus}`);
  const { dir, v2 } = hierarchy();
  const group = join(dir, `touchpoint-bench-${pid}`);
  mkdirSync(group);
  const quota = Math.round(cpus * PERIOD_US);
  if (v2) writeFileSync(join(group, 'cpu.max'), `${quota} ${PERIOD_US}`);
  else {
    writeFileSync(join(group, 'cpu.cfs_period_us'), String(PERIOD_US));
    writeFileSync(join(group, 'cpu.cfs_quota_us'), String(quota));
  }
  // cgroup.procs moves every thread of the process; threads started later stay in the group.
  writeFileSync(join(group, 'cgroup.procs'), String(pid));
  return () => {
    try {
      // Back to the parent group if it still runs, so the group can go.
      writeFileSync(join(dir, 'cgroup.procs'), String(pid));
    } catch {
      // it has exited
    }
    try {
      rmdirSync(group);
    } catch {
      // still in use (a thread not yet reaped): the group stays, empty, until the next boot
    }
  };
}

/** How many CPUs each collector may use in this bench run (BENCH_COLLECTOR_CPUS), or null: uncapped. */
export const COLLECTOR_CPUS: number | null = process.env.BENCH_COLLECTOR_CPUS
  ? Number(process.env.BENCH_COLLECTOR_CPUS)
  : null;
