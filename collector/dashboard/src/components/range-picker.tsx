import { useApp, type RangePreset } from '../context';

const PRESETS: { value: RangePreset; label: string }[] = [
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: '90', label: 'Last 90 days' },
  { value: 'custom', label: 'Custom…' },
];

/** The date range every score view uses: a preset, or two dates. */
export function RangePicker() {
  const app = useApp();
  return (
    <fieldset class="range-picker">
      <legend class="visually-hidden">Date range</legend>
      <label class="inline-field">
        <span>Period</span>
        <select value={app.preset} onChange={(e) => app.setRange(e.currentTarget.value as RangePreset)}>
          {PRESETS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {app.preset === 'custom' && (
        <>
          <label class="inline-field">
            <span>From</span>
            <input
              type="date"
              value={app.from}
              max={app.to}
              onChange={(e) => e.currentTarget.value && app.setRange('custom', e.currentTarget.value)}
            />
          </label>
          <label class="inline-field">
            <span>To</span>
            <input
              type="date"
              value={app.to}
              min={app.from}
              onChange={(e) => e.currentTarget.value && app.setRange('custom', undefined, e.currentTarget.value)}
            />
          </label>
        </>
      )}
      <label class="inline-field" title="Only answers from a receipt QR code, given within its validity window">
        <input
          type="checkbox"
          checked={app.verifiedOnly}
          onChange={(e) => app.setVerifiedOnly(e.currentTarget.checked)}
        />
        <span>Verified only</span>
      </label>
    </fieldset>
  );
}
