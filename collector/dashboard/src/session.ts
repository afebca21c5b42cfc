import type { ApiKeyKind } from '@touchpoint/shared';

/** Session storage keys: the key lives only as long as the tab, never in a URL or a cookie. */
const KEY = 'tp.dashboard.key';
const KIND = 'tp.dashboard.kind';

/** The signed-in API key and its kind, kept in sessionStorage. */
export const session = {
  key: (): string | null => sessionStorage.getItem(KEY),
  kind: (): ApiKeyKind => (sessionStorage.getItem(KIND) === 'read' ? 'read' : 'admin'),
  set(key: string, kind: ApiKeyKind): void {
    sessionStorage.setItem(KEY, key);
    sessionStorage.setItem(KIND, kind);
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(KIND);
  },
};
