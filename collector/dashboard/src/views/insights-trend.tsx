import type { z } from 'zod';
import type { themesResponse } from '@touchpoint/shared';
import { Panel } from '../components/ui';
import { bandShares } from './insight-figures';

type Themes = z.infer<typeof themesResponse>;

/** Sparkline size in CSS pixels. */
const SPARK_W = 96;
const SPARK_H = 24;

/** A theme's weekly mentions as a small line; the title lists the figures for screen readers and hover. */
export function Sparkline({ values, weeks }: { values: number[]; weeks: string[] }) {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? SPARK_W / (values.length - 1) : 0;
  const points = values.map(
    (v, i) => `${(i * step).toFixed(1)},${(SPARK_H - (v / max) * (SPARK_H - 2) - 1).toFixed(1)}`,
  );
  const label = `Per week: ${values.map((v, i) => `${weeks[i] ?? ''} ${v}`).join(', ')}`;
  return (
    <svg width={SPARK_W} height={SPARK_H} viewBox={`0 0 ${SPARK_W} ${SPARK_H}`} role="img" aria-label={label}>
      <title>{label}</title>
      <polyline points={points.join(' ')} fill="none" stroke="currentColor" stroke-width="1.5" />
    </svg>
  );
}

/** What detractors talk about next to what promoters talk about: each band's top themes by share. */
export function BandThemes({ data }: { data: Themes }) {
  const column = (band: 'detractor' | 'promoter', title: string) => {
    const rows = bandShares(data, band);
    return (
      <table class="table" data-testid={`band-themes-${band}`}>
        <caption>
          {title} ({data.withTextByBand[band]} comments)
        </caption>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td class="muted">No themes.</td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={r.theme}>
                <th scope="row">{r.label}</th>
                <td class="num">{(100 * r.share).toFixed(0)}%</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    );
  };
  return (
    <Panel title="What detractors and promoters talk about" id="insight-bands">
      <div class="grid-2">
        {column('detractor', 'Detractors (0–6)')}
        {column('promoter', 'Promoters (9–10)')}
      </div>
    </Panel>
  );
}
