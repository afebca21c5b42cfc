import type { ComponentChildren } from 'preact';
import { useApp } from '../context';
import { NAV } from '../routes';
import { RangePicker } from './range-picker';

/** The signed-in page: header with site and date range, navigation, and the view. */
export function Layout({ route, children }: { route: string; children: ComponentChildren }) {
  const app = useApp();
  const active = '/' + (route.split('?')[0]!.split('/')[1] ?? '');
  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="#/overview">
          <span class="brand-mark" aria-hidden="true" />
          Touchpoint
        </a>
        <div class="topbar-controls">
          <label class="inline-field">
            <span>Site</span>
            <select value={app.site} onChange={(e) => app.setSite(e.currentTarget.value)}>
              {app.sites.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <RangePicker />
          <span class={`badge ${app.readOnly ? 'badge-warn' : 'badge-ok'}`} title="The kind of the API key in use">
            {app.readOnly ? 'Read-only key' : 'Admin key'}
          </span>
          <button type="button" class="btn" onClick={() => app.signOut('You signed out.')}>
            Sign out
          </button>
        </div>
      </header>
      <nav class="sidenav" aria-label="Dashboard">
        <ul>
          {NAV.map((n) => (
            <li key={n.path}>
              <a href={`#${n.path}`} aria-current={active === n.path ? 'page' : undefined}>
                {n.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" class="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
