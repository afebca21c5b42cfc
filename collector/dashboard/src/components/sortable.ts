import { useMemo, useState } from 'preact/hooks';

/** A sort direction. */
export type Dir = 'asc' | 'desc';

/** Rows sorted by a chosen column; nulls always last. */
export function useSorted<T, K extends string>(
  rows: T[],
  get: Record<K, (row: T) => string | number | null>,
  initial: K,
) {
  const [sort, setSort] = useState<{ key: K; dir: Dir }>({ key: initial, dir: 'asc' });
  const sorted = useMemo(() => {
    const value = get[sort.key];
    const sign = sort.dir === 'asc' ? 1 : -1;
    return [...rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      if (x === null) return y === null ? 0 : 1;
      if (y === null) return -1;
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * sign;
    });
    // `get` is a fresh object each render but always the same functions, so it is no dependency
  }, [rows, sort]);
  const toggle = (key: K) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }));
  return { sorted, sort, toggle };
}
