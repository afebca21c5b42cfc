import type { ComponentChildren } from 'preact';
import type { Dir } from './sortable';

/** A column header that sorts the table: a real button, and `aria-sort` on the header cell. */
export function SortHeader<K extends string>(props: {
  k: K;
  sort: { key: K; dir: Dir };
  toggle: (k: K) => void;
  num?: boolean;
  children: ComponentChildren;
}) {
  const active = props.sort.key === props.k;
  return (
    <th
      scope="col"
      class={props.num ? 'num' : undefined}
      aria-sort={active ? (props.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button type="button" class="sort" onClick={() => props.toggle(props.k)}>
        {props.children}
        <span aria-hidden="true" class="sort-icon">
          {active ? (props.sort.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}
