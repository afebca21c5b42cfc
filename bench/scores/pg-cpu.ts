import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of a PostgreSQL cluster's server processes, from Linux's /proc, so the bench can give the database's
 * own share of a request in CPU time (which a busy machine does not inflate, as it does wall-clock time).
 * Living processes are read from /proc/PID/schedstat (nanoseconds on a CPU); processes that ended in between
 * (parallel query workers) through the postmaster's reaped-children time (cutime + cstime, in clock ticks).
 * Null where /proc cannot tell (not Linux, or no postmaster listening on that port).
 */

const TICKS_PER_S = 100;

/** Fields after the command name of /proc/PID/stat (the name is in parentheses and may hold spaces). */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** The postmaster listening on `port`: a `postgres` process started with `-p PORT`. */
function postmaster(port: number): number | null {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (!/(^|\/)postgres$/.test(argv[0] ?? '')) continue;
      const p = argv.indexOf('-p');
      if (p >= 0 && argv[p + 1] === String(port)) return Number(name);
    } catch {
      // gone in between
    }
  }
  return null;
}

/** Seconds of CPU the cluster on `port` has used so far (postmaster, its living children, reaped children). */
export function clusterCpuReader(port: number): (() => number) | null {
  let root: number | null;
  try {
    root = postmaster(port);
  } catch {
    return null;
  }
  if (root === null) return null;
  const pm = root;
  return () => {
    const f = statFields(pm);
    // utime, stime, cutime, cstime are fields 14–17 of stat (11–14 after the name)
    let seconds = (Number(f[13]) + Number(f[14])) / TICKS_PER_S;
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const pid = Number(name);
      try {
        if (pid !== pm && Number(statFields(pid)[1]) !== pm) continue;
        seconds += Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e9;
      } catch {
        // ended in between: counted in the postmaster's cutime once reaped
      }
    }
    return seconds;
  };
}
