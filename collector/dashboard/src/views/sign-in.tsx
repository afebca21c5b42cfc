import type { ApiKey, ApiKeyKind, Site } from '@touchpoint/shared';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { session } from '../session';

/** The key's kind, as the collector knows it (the collector enforces it on every write anyway). */
async function kindOf(key: string): Promise<ApiKeyKind> {
  return (await api<ApiKey>('/me', { key })).kind;
}

/** One plain sentence for a failed sign-in (the API's own wording is for API users, not for this form). */
function signInError(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Signing in failed. Try again.';
  if (err.status === 401) return 'That key is not valid. Check it and try again.';
  if (err.status === 403) return 'That key may not use the dashboard.';
  if (err.status === 0) return 'The collector cannot be reached. Is it running?';
  return 'The collector could not check the key just now. Try again.';
}

/** Sign-in with an API key; the key is kept in sessionStorage for this tab only. */
export function SignIn({ message, onSignedIn }: { message: string | undefined; onSignedIn: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const k = key.trim();
    if (!k) return setError('Enter an API key.');
    setBusy(true);
    setError(undefined);
    try {
      await api<Site[]>('/sites', { key: k });
      session.set(k, await kindOf(k));
      onSignedIn();
    } catch (err) {
      setError(signInError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <form class="sign-in-card" onSubmit={submit} aria-labelledby="sign-in-h">
        <h1 id="sign-in-h">
          <span class="brand-mark" aria-hidden="true" /> Touchpoint dashboard
        </h1>
        <p>Sign in with an API key. An admin key can edit surveys and touchpoints; a read-only key sees everything.</p>
        {message && (
          <p class="note note-info" role="status">
            {message}
          </p>
        )}
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'sign-in-error' : undefined}
        />
        {error && (
          <p id="sign-in-error" class="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p class="hint">The key stays in this browser tab (sessionStorage) and is sent only in a header.</p>
      </form>
    </main>
  );
}
