import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError } from './api';

/** The state of one admin API read. */
export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Reads `path` from the admin API (with `load`, `api` by default) whenever it changes (null: nothing to read yet);
 * late replies of an older path are dropped.
 */
export function useApi<T>(path: string | null, load: (path: string) => Promise<T> = api): Loaded<T> {
  const [state, setState] = useState<{ path: string | null; data?: T; error?: ApiError }>({ path: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    load(path).then(
      (data) => live && setState({ path, data }),
      (error: unknown) =>
        live && setState({ path, error: error instanceof ApiError ? error : new ApiError(0, 'CLIENT', String(error)) }),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const current = state.path === path;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: !!path && (!current || (state.data === undefined && state.error === undefined)),
    reload,
  };
}

/** The part of the URL after `#`, e.g. `/leaderboard`; routing by hash needs nothing from the server. */
export function useHashRoute(): string {
  const read = () => location.hash.replace(/^#/, '') || '/overview';
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    window.addEventListener('hashchange', on);
    // The hash may have changed between the first render and this effect (effects run after paint), and
    // that hashchange event went unheard: read it again now that we listen.
    on();
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
