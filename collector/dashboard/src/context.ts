import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Site, Touchpoint } from '@touchpoint/shared';

/** A date range preset, in days back from today, or custom dates. */
export type RangePreset = '7' | '30' | '90' | 'custom';

/** What every view reads: the site, the date range, the key's rights, names of touchpoints. */
export interface AppState {
  site: string;
  sites: Site[];
  setSite: (site: string) => void;
  /** first and last day (UTC, inclusive) */
  from: string;
  to: string;
  preset: RangePreset;
  setRange: (preset: RangePreset, from?: string, to?: string) => void;
  /** scores count only answers verified by a receipt QR code (`verified=receipt`) */
  verifiedOnly: boolean;
  setVerifiedOnly: (on: boolean) => void;
  /** a read-only key: editing controls are disabled */
  readOnly: boolean;
  touchpoints: Touchpoint[];
  /** refreshes the touchpoint list after an edit */
  reloadTouchpoints: () => void;
  /** a touchpoint's name, or its id */
  tpName: (id: string) => string;
  signOut: (message?: string) => void;
}

export const AppContext = createContext<AppState | null>(null);

/** The app state; only views inside the signed-in shell call it. */
export function useApp(): AppState {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside the signed-in app');
  return app;
}

/** The date filter, and the "verified only" toggle, as score queries take them. */
export const rangeQuery = (app: AppState): { from: string; to: string; verified?: 'receipt' } => ({
  from: app.from,
  to: app.to,
  ...(app.verifiedOnly ? { verified: 'receipt' as const } : {}),
});
