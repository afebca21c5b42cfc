import type { ScoreMetricName } from '@touchpoint/shared';
import { METRIC_LABEL } from '../format';

const METRICS: ScoreMetricName[] = ['nps', 'csat', 'ces', 'smiley'];

/** Chooses the metric a view scores. */
export function MetricPicker({ value, onChange }: { value: ScoreMetricName; onChange: (m: ScoreMetricName) => void }) {
  return (
    <label class="inline-field">
      <span>Metric</span>
      <select value={value} onChange={(e) => onChange(e.currentTarget.value as ScoreMetricName)}>
        {METRICS.map((m) => (
          <option key={m} value={m}>
            {METRIC_LABEL[m]}
          </option>
        ))}
      </select>
    </label>
  );
}
