import { useApp } from '../context';

/** A filter over the site's touchpoints, with "All" as the empty choice. */
export function TouchpointSelect(props: { value: string; onChange: (id: string) => void; name?: string }) {
  const app = useApp();
  return (
    <label>
      <span>Touchpoint</span>
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)} name={props.name}>
        <option value="">All</option>
        {app.touchpoints.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
    </label>
  );
}
