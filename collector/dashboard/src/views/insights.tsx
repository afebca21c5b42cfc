import type { z } from 'zod';
import { useEffect, useState } from 'preact/hooks';
import type { staffResponse, themesResponse, themeTrendResponse, verbatimsResponse } from '@touchpoint/shared';
import { download, qs } from '../api';
import { ErrorNote, Loading, Panel } from '../components/ui';
import { useApp } from '../context';
import { fmtDateTime, fmtInt } from '../format';
import { useApi } from '../hooks';
import { EmergingThemes } from './insights-emerging';
import {
  SegmentControls,
  segmentFromQuery,
  segmentParams,
  segmentRoute,
  type InsightSegment,
} from './insights-segment';
import { BandThemes, Sparkline } from './insights-trend';

type Themes = z.infer<typeof themesResponse>;
type Verbatims = z.infer<typeof verbatimsResponse>;
type Verbatim = Verbatims['items'][number];
type Kudos = z.infer<typeof staffResponse>;
type Trend = z.infer<typeof themeTrendResponse>;

/** Verbatims shown per page. */
const PAGE = 25;

const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
const signed = (v: number | null) => (v === null ? '–' : `${v > 0 ? '+' : ''}${v.toFixed(1)}`);

/** The comment as text, with the matched words in <mark>: built from offsets, never parsed as HTML. */
export function Highlighted({ item }: { item: Verbatim }) {
  const spans = [...item.themes.flatMap((t) => t.spans), ...item.staff.flatMap((s) => s.spans)]
    .filter((s) => s.start >= 0 && s.end <= item.text.length && s.start < s.end)
    .sort((a, b) => a.start - b.start);
  const parts = [];
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    if (s.start > at) parts.push(item.text.slice(at, s.start));
    parts.push(<mark key={s.start}>{item.text.slice(s.start, s.end)}</mark>);
    at = s.end;
  }
  parts.push(item.text.slice(at));
  return <p class="verbatim-text">{parts}</p>;
}

/** Prints the staff kudos alone ("share with the team"): styles.css hides the rest while `print-kudos` is set. */
function printKudos() {
  document.body.classList.add('print-kudos');
  window.addEventListener('afterprint', () => document.body.classList.remove('print-kudos'), { once: true });
  window.print();
}

/**
 * Themes, sentiment and staff mentions of the site's comments, with a verbatim browser; every panel shows the
 * segment held in the hash query (`query`), so a link reproduces the view.
 */
export function Insights({ query }: { query: string }) {
  const app = useApp();
  const segment = segmentFromQuery(query);
  const setSegment = (s: InsightSegment) => {
    location.hash = segmentRoute(s);
  };
  const [theme, setTheme] = useState('');
  const [sentiment, setSentiment] = useState('');
  const [band, setBand] = useState('');
  const [offset, setOffset] = useState(0);
  const [showNames, setShowNames] = useState(false);
  const base = `/sites/${app.site}/insights`;
  const range = { from: app.from, to: app.to, ...segmentParams(segment) };
  const rangeKey = qs(range);
  // another segment or window: the verbatims start again at their first page
  useEffect(() => setOffset(0), [rangeKey]);
  const themes = useApi<Themes>(`${base}/themes${qs(range)}`);
  const trend = useApi<Trend>(`${base}/trend${qs(range)}`);
  const verbatims = useApi<Verbatims>(
    `${base}/verbatims${qs({ ...range, theme: theme || undefined, sentiment: sentiment || undefined, band: band || undefined, limit: PAGE, offset, staffNames: showNames })}`,
  );
  const kudos = useApi<Kudos>(`${base}/staff${qs({ ...range, names: showNames })}`);
  const label = (id: string) => themes.data?.themes.find((t) => t.theme === id)?.label ?? id;
  return (
    <div class="view" data-testid="insights">
      <h1>Verbatim insights</h1>
      <SegmentControls segment={segment} onChange={setSegment} />
      <div class="toolbar">
        <label>
          <input type="checkbox" checked={showNames} onChange={(e) => setShowNames(e.currentTarget.checked)} /> Show
          staff names
        </label>
      </div>
      <ErrorNote error={themes.error ?? verbatims.error ?? kudos.error} />
      <Panel title="Themes" id="insight-themes">
        {!themes.data ? (
          <Loading what="themes" />
        ) : (
          <div class="table-wrap">
            <p class="muted">
              {fmtInt(themes.data.withText)} comments in {fmtInt(themes.data.responses)} responses. Impact: NPS of all
              minus NPS without the theme (95% interval).
            </p>
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Theme</th>
                  <th scope="col" class="num">
                    Comments
                  </th>
                  <th scope="col" class="num">
                    Share
                  </th>
                  <th scope="col" class="num">
                    Positive
                  </th>
                  <th scope="col" class="num">
                    Negative
                  </th>
                  <th scope="col" class="num">
                    Detractors
                  </th>
                  <th scope="col" class="num">
                    Promoters
                  </th>
                  <th scope="col" class="num">
                    NPS impact
                  </th>
                  <th scope="col">Per week</th>
                </tr>
              </thead>
              <tbody>
                {themes.data.themes.map((t) => (
                  <tr key={t.theme}>
                    <th scope="row">
                      <button type="button" class="link" onClick={() => (setTheme(t.theme), setOffset(0))}>
                        {t.label}
                      </button>
                    </th>
                    <td class="num">{fmtInt(t.count)}</td>
                    <td class="num">{pct(t.share)}</td>
                    <td class="num">{fmtInt(t.sentiment.positive)}</td>
                    <td class="num">{fmtInt(t.sentiment.negative)}</td>
                    <td class="num">{fmtInt(t.detractors)}</td>
                    <td class="num">{fmtInt(t.promoters)}</td>
                    <td class="num">
                      {signed(t.npsImpact)}
                      {t.npsImpactInterval && (
                        <div class="muted">
                          {signed(t.npsImpactInterval.low)} … {signed(t.npsImpactInterval.high)}
                        </div>
                      )}
                    </td>
                    <td>
                      {trend.data && (
                        <Sparkline
                          values={trend.data.themes.find((x) => x.theme === t.theme)?.count ?? []}
                          weeks={trend.data.weeks}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
      {themes.data && <BandThemes data={themes.data} />}
      <EmergingThemes base={base} range={range} onPromoted={() => (themes.reload(), trend.reload())} />
      <Panel title={theme ? `Comments about ${label(theme)}` : 'Comments'} id="insight-verbatims">
        <div class="toolbar">
          <select aria-label="Theme" value={theme} onChange={(e) => (setTheme(e.currentTarget.value), setOffset(0))}>
            <option value="">All themes</option>
            {themes.data?.themes.map((t) => (
              <option key={t.theme} value={t.theme}>
                {t.label}
              </option>
            ))}
          </select>
          <select
            aria-label="Sentiment"
            value={sentiment}
            onChange={(e) => (setSentiment(e.currentTarget.value), setOffset(0))}
          >
            <option value="">Any sentiment</option>
            <option value="positive">Positive</option>
            <option value="neutral">Neutral</option>
            <option value="negative">Negative</option>
            <option value="mixed">Mixed</option>
          </select>
          <select aria-label="Score band" value={band} onChange={(e) => (setBand(e.currentTarget.value), setOffset(0))}>
            <option value="">Any score</option>
            <option value="promoter">Promoters</option>
            <option value="passive">Passives</option>
            <option value="detractor">Detractors</option>
          </select>
        </div>
        {!verbatims.data ? (
          <Loading what="comments" />
        ) : verbatims.data.items.length === 0 ? (
          <p class="empty">No comments match.</p>
        ) : (
          <>
            <ul class="verbatims">
              {verbatims.data.items.map((v) => (
                <li key={v.responseId}>
                  <Highlighted item={v} />
                  <div class="muted">
                    {app.tpName(v.touchpoint)} · {fmtDateTime(v.createdAt)} · NPS {v.score ?? '–'} ·{' '}
                    {v.sentiment ?? 'not analysed'}
                    {v.themes.length > 0 &&
                      ` · ${v.themes.map((t) => `${label(t.theme)} (${t.sentiment})`).join(', ')}`}
                    {v.staff.length > 0 && ` · ${v.staff.map((s) => s.name ?? 'staff member').join(', ')}`}
                  </div>
                </li>
              ))}
            </ul>
            <div class="toolbar">
              <button
                type="button"
                class="btn btn-small"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - PAGE))}
              >
                Newer
              </button>
              <span class="muted">
                {offset + 1}–{offset + verbatims.data.items.length} of {fmtInt(verbatims.data.total)}
              </span>
              <button
                type="button"
                class="btn btn-small"
                disabled={offset + PAGE >= verbatims.data.total}
                onClick={() => setOffset(offset + PAGE)}
              >
                Older
              </button>
            </div>
          </>
        )}
      </Panel>
      <Panel
        title="Staff kudos"
        id="insight-staff"
        actions={
          <div class="toolbar no-print">
            <button
              type="button"
              class="btn btn-small"
              onClick={() =>
                void download(`${base}/staff.csv${qs({ ...range, names: showNames })}`, `staff-kudos-${app.site}.csv`)
              }
            >
              Download CSV
            </button>
            <button type="button" class="btn btn-small" onClick={printKudos}>
              Print
            </button>
          </div>
        }
      >
        {!kudos.data ? (
          <Loading what="staff mentions" />
        ) : kudos.data.stores.length === 0 ? (
          <p class="empty">No one on the roster was named in this period.</p>
        ) : (
          kudos.data.stores.map((store) => (
            <table class="table" key={store.touchpoint}>
              <caption>{app.tpName(store.touchpoint)}</caption>
              <thead>
                <tr>
                  <th scope="col">{showNames ? 'Name' : 'Roster id'}</th>
                  <th scope="col" class="num">
                    Mentions
                  </th>
                  <th scope="col" class="num">
                    Praise
                  </th>
                  <th scope="col" class="num">
                    Complaints
                  </th>
                </tr>
              </thead>
              <tbody>
                {store.staff.map((s) => (
                  <tr key={s.staff}>
                    <th scope="row">{s.name ?? s.staff}</th>
                    <td class="num">{s.mentions}</td>
                    <td class="num">{s.praise}</td>
                    <td class="num">{s.complaints}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))
        )}
      </Panel>
    </div>
  );
}
