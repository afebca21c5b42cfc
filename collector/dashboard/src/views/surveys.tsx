import type { Survey } from '@touchpoint/shared';
import { ErrorNote, Loading, Panel, ReadOnlyNote } from '../components/ui';
import { useApp } from '../context';
import { useApi } from '../hooks';
import { localesOf, TRIGGER_TYPES } from './editor/draft';

/** The site's surveys, each linking to its editor. */
export function Surveys() {
  const app = useApp();
  const surveys = useApi<Survey[]>(`/sites/${app.site}/surveys`);
  return (
    <div class="view" data-testid="surveys">
      <div class="view-head">
        <h1>Surveys</h1>
        {app.readOnly ? (
          <button type="button" class="btn btn-primary" disabled data-testid="new-survey">
            New survey
          </button>
        ) : (
          <a class="btn btn-primary" href="#/surveys/new" data-testid="new-survey">
            New survey
          </a>
        )}
      </div>
      <ReadOnlyNote readOnly={app.readOnly} />
      <ErrorNote error={surveys.error} />
      <Panel title="All surveys" id="survey-list">
        {!surveys.data ? (
          <Loading what="surveys" />
        ) : surveys.data.length === 0 ? (
          <p class="empty">No survey yet.</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Survey</th>
                  <th scope="col">Status</th>
                  <th scope="col">Trigger</th>
                  <th scope="col">Touchpoint</th>
                  <th scope="col" class="num">
                    Questions
                  </th>
                  <th scope="col">Locales</th>
                </tr>
              </thead>
              <tbody>
                {surveys.data.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      <a href={`#/surveys/${encodeURIComponent(s.id)}`}>{s.name}</a>
                      <div class="muted">{s.id}</div>
                    </th>
                    <td>
                      <span class={`badge ${s.active ? 'badge-ok' : 'badge-info'}`}>
                        {s.active ? 'active' : 'paused'}
                      </span>
                    </td>
                    <td>{TRIGGER_TYPES.find((t) => t.type === s.trigger.type)?.label ?? s.trigger.type}</td>
                    <td>{s.touchpoint ? app.tpName(s.touchpoint) : '(set by the page)'}</td>
                    <td class="num">{s.questions.length}</td>
                    <td>{localesOf(s).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </div>
  );
}
