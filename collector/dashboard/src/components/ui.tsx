import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api';

/** An error from the collector, spelled out; a 403 says plainly that the key may only read. */
export function ErrorNote({ error }: { error: ApiError | undefined }) {
  if (!error) return null;
  const forbidden = error.status === 403;
  return (
    <div class={`note ${forbidden ? 'note-forbidden' : 'note-error'}`} role="alert">
      <strong>{forbidden ? 'Not allowed (403): ' : error.status ? `Error ${error.status}: ` : ''}</strong>
      {forbidden ? `This API key is read-only. ${error.message}.` : error.message}
      {error.details.length > 0 && (
        <ul>
          {error.details.map((d) => (
            <li key={d.path + d.message}>
              <code>{d.path}</code>: {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A placeholder while data loads. */
export const Loading = ({ what }: { what: string }) => (
  <p class="loading" aria-live="polite">
    Loading {what}…
  </p>
);

/** A titled panel. */
export function Panel(props: { title: string; children: ComponentChildren; actions?: ComponentChildren; id?: string }) {
  return (
    <section class="panel" aria-labelledby={props.id ? `${props.id}-h` : undefined}>
      <header class="panel-head">
        <h2 id={props.id ? `${props.id}-h` : undefined}>{props.title}</h2>
        {props.actions}
      </header>
      {props.children}
    </section>
  );
}

/** The note read-only keys see above editing controls. */
export const ReadOnlyNote = ({ readOnly }: { readOnly: boolean }) =>
  readOnly ? (
    <p class="note note-info" data-testid="read-only-note">
      You are signed in with a <strong>read-only key</strong>: you can see everything, but editing is disabled.
    </p>
  ) : null;
