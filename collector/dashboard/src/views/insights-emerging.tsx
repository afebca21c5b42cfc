import type { z } from 'zod';
import { useState } from 'preact/hooks';
import type { emergingResponse, InsightTaxonomy } from '@touchpoint/shared';
import { api, ApiError, qs } from '../api';
import { ErrorNote, Loading, Panel } from '../components/ui';
import { fmtInt } from '../format';
import { useApi } from '../hooks';
import { themeId } from './insight-figures';

type Emerging = z.infer<typeof emergingResponse>;
type Cluster = Emerging['clusters'][number];
type Example = Cluster['examples'][number];

/** Languages a taxonomy holds terms for: a cluster in another language cannot be promoted. */
const TERM_LANGUAGES = ['en', 'de'] as const;

/** An example comment as text with the cluster's terms in <mark>, from offsets, never parsed as HTML. */
function ExampleText({ e }: { e: Example }) {
  const parts = [];
  let at = 0;
  for (const s of e.spans) {
    if (s.start < at || s.end > e.text.length) continue;
    parts.push(e.text.slice(at, s.start), <mark key={s.start}>{e.text.slice(s.start, s.end)}</mark>);
    at = s.end;
  }
  parts.push(e.text.slice(at));
  return <q>{parts}</q>;
}

/**
 * Terms of comments no theme matched, clustered, each with examples and a button that adds it to the
 * taxonomy as a theme with those terms (comments analysed from then on; a backfill re-sorts older ones).
 */
export function EmergingThemes({
  base,
  range,
  onPromoted,
}: {
  base: string;
  range: Record<string, string | undefined>;
  onPromoted: () => void;
}) {
  const emerging = useApi<Emerging>(`${base}/emerging${qs(range)}`);
  const [error, setError] = useState<ApiError | undefined>();
  const [promoted, setPromoted] = useState<string[]>([]);
  const promote = async (c: Cluster) => {
    const lang = TERM_LANGUAGES.find((l) => l === c.language);
    if (!lang) return;
    try {
      const taxonomy = await api<InsightTaxonomy>(`${base}/taxonomy`);
      const id = themeId(
        c.label,
        taxonomy.themes.map((t) => t.id),
      );
      const theme = { id, label: c.label[0]!.toUpperCase() + c.label.slice(1), terms: { [lang]: c.terms } };
      await api(`${base}/taxonomy`, { method: 'PUT', body: { themes: [...taxonomy.themes, theme] } });
      setPromoted([...promoted, c.label]);
      setError(undefined);
      onPromoted();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
    }
  };
  return (
    <Panel title="Emerging themes" id="insight-emerging">
      <ErrorNote error={emerging.error ?? error} />
      {!emerging.data ? (
        <Loading what="emerging themes" />
      ) : emerging.data.clusters.length === 0 ? (
        <p class="empty">No recurring terms in the {fmtInt(emerging.data.unmatched)} comments that match no theme.</p>
      ) : (
        <>
          <p class="muted">
            Terms that recur in the {fmtInt(emerging.data.unmatched)} comments no theme matched. Lift: how much more
            often they come up there than in all comments.
          </p>
          <ul class="verbatims">
            {emerging.data.clusters.map((c) => (
              <li key={c.label} data-testid="emerging-cluster">
                <strong>{c.label}</strong> · {fmtInt(c.count)} comments · lift {c.lift.toFixed(1)} ·{' '}
                <span class="muted">{c.terms.join(', ')}</span>{' '}
                {promoted.includes(c.label) ? (
                  <span class="muted">added to the themes</span>
                ) : TERM_LANGUAGES.some((l) => l === c.language) ? (
                  <button type="button" class="btn btn-small" onClick={() => void promote(c)}>
                    Promote to theme
                  </button>
                ) : (
                  <span class="muted">({c.language}: no taxonomy in this language)</span>
                )}
                {c.examples.map((e) => (
                  <div key={e.responseId} class="muted">
                    <ExampleText e={e} />
                  </div>
                ))}
              </li>
            ))}
          </ul>
        </>
      )}
    </Panel>
  );
}
