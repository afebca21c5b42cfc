import type { Site, Touchpoint } from '@touchpoint/shared';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { setUnauthorizedHandler } from './api';
import { Layout } from './components/layout';
import { ErrorNote, Loading } from './components/ui';
import { AppContext, type AppState, type RangePreset } from './context';
import { addDays, today } from './format';
import { useApi, useHashRoute } from './hooks';
import { session } from './session';
import { routeView } from './routes';
import { SignIn } from './views/sign-in';

/** Where the chosen site is remembered (not a secret). */
const SITE_KEY = 'tp.dashboard.site';
/** The range a fresh session opens with: the seeded demo covers 90 days. */
const DEFAULT_PRESET: RangePreset = '90';

/** The dashboard: sign-in, or the signed-in shell. */
export function App() {
  const [signedIn, setSignedIn] = useState(() => !!session.key());
  const [message, setMessage] = useState<string | undefined>();
  const signOut = useCallback((msg?: string) => {
    session.clear();
    setMessage(msg);
    setSignedIn(false);
  }, []);
  useEffect(
    () => setUnauthorizedHandler(() => signOut('Your key is no longer accepted (revoked or replaced). Sign in again.')),
    [signOut],
  );
  if (!signedIn)
    return (
      <SignIn
        message={message}
        onSignedIn={() => {
          setMessage(undefined);
          setSignedIn(true);
        }}
      />
    );
  return <Shell signOut={signOut} />;
}

function Shell({ signOut }: { signOut: (m?: string) => void }) {
  const sites = useApi<Site[]>('/sites');
  const [site, setSiteState] = useState(() => sessionStorage.getItem(SITE_KEY) ?? '');
  const [range, setRangeState] = useState<{ preset: RangePreset; from: string; to: string }>(() => ({
    preset: DEFAULT_PRESET,
    from: addDays(today(), -Number(DEFAULT_PRESET) + 1),
    to: today(),
  }));
  const [verifiedOnly, setVerifiedOnly] = useState(false);
  const current = sites.data?.find((s) => s.key === site)?.key ?? sites.data?.[0]?.key ?? '';
  const tps = useApi<Touchpoint[]>(current ? `/sites/${current}/touchpoints` : null);
  const route = useHashRoute();

  const setSite = useCallback((s: string) => {
    sessionStorage.setItem(SITE_KEY, s);
    setSiteState(s);
  }, []);
  const setRange = useCallback((preset: RangePreset, from?: string, to?: string) => {
    if (preset === 'custom') setRangeState((r) => ({ preset, from: from ?? r.from, to: to ?? r.to }));
    else setRangeState({ preset, from: addDays(today(), -Number(preset) + 1), to: today() });
  }, []);

  const state = useMemo<AppState>(() => {
    const names = new Map((tps.data ?? []).map((t) => [t.id, t.name]));
    return {
      site: current,
      sites: sites.data ?? [],
      setSite,
      ...range,
      setRange,
      verifiedOnly,
      setVerifiedOnly,
      readOnly: session.kind() === 'read',
      touchpoints: tps.data ?? [],
      reloadTouchpoints: tps.reload,
      tpName: (id) => names.get(id) ?? id,
      signOut,
    };
  }, [current, sites.data, setSite, range, setRange, verifiedOnly, tps.data, tps.reload, signOut]);

  let body;
  if (sites.error) body = <ErrorNote error={sites.error} />;
  else if (!sites.data) body = <Loading what="sites" />;
  else if (!current)
    body = <p class="note note-info">There is no site yet. Create one with the admin API (POST /v1/admin/sites).</p>;
  else body = routeView(route);

  return (
    <AppContext.Provider value={state}>
      <Layout route={route}>{body}</Layout>
    </AppContext.Provider>
  );
}
