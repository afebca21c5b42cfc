import type { Question, Survey } from '@touchpoint/shared';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { ErrorNote, Loading, Panel, ReadOnlyNote } from '../components/ui';
import { useApp } from '../context';
import { useApi } from '../hooks';
import { blankSurvey, freshId, localesOf } from './editor/draft';
import { LocalizedInput } from './editor/fields';
import { LookEditor } from './editor/look';
import { Preview } from './editor/preview';
import { QuestionEditor } from './editor/question';
import { DisplayEditor, TriggerEditor, UrlTargeting } from './editor/rules';

/** `#/surveys/new` creates; `#/surveys/<id>` edits. */
export function SurveyEditorPage({ id }: { id: string }) {
  const app = useApp();
  const isNew = id === 'new';
  const loaded = useApi<Survey>(isNew ? null : `/sites/${app.site}/surveys/${encodeURIComponent(id)}`);
  if (!isNew && !loaded.data) return loaded.error ? <ErrorNote error={loaded.error} /> : <Loading what="the survey" />;
  return <SurveyEditor key={id} initial={loaded.data ?? blankSurvey()} isNew={isNew} />;
}

function SurveyEditor({ initial, isNew }: { initial: Survey; isNew: boolean }) {
  const app = useApp();
  const [s, setS] = useState<Survey>(initial);
  const [locale, setLocale] = useState(initial.defaultLocale);
  const [newLocale, setNewLocale] = useState('');
  const [extraLocales, setExtraLocales] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => setSaved(''), [s]);
  const locales = [...new Set([...localesOf(s), ...extraLocales])];
  const fallback = s.defaultLocale;
  const setQ = (i: number, q: Question) => setS({ ...s, questions: s.questions.map((x, j) => (j === i ? q : x)) });
  const move = (i: number, d: number) => {
    const qs = [...s.questions];
    const [q] = qs.splice(i, 1);
    if (q) qs.splice(i + d, 0, q);
    setS({ ...s, questions: qs });
  };

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const path = `/sites/${app.site}/surveys`;
      const { id: _id, ...fields } = s;
      const out = isNew
        ? await api<Survey>(path, { method: 'POST', body: s })
        : await api<Survey>(`${path}/${encodeURIComponent(s.id)}`, { method: 'PATCH', body: fields });
      setSaved(`Saved “${out.name}”.`);
      if (isNew) location.hash = `#/surveys/${encodeURIComponent(out.id)}`;
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!confirm(`Delete the survey “${s.name}”? Its responses are kept.`)) return;
    try {
      await api(`/sites/${app.site}/surveys/${encodeURIComponent(s.id)}`, { method: 'DELETE' });
      location.hash = '#/surveys';
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
    }
  };

  return (
    <div class="view" data-testid="survey-editor">
      <div class="view-head">
        <h1>{isNew ? 'New survey' : `Edit “${initial.name}”`}</h1>
        <a href="#/surveys">← All surveys</a>
      </div>
      <ReadOnlyNote readOnly={app.readOnly} />
      <div class="editor">
        <form onSubmit={save} aria-label="Survey">
          <ErrorNote error={error} />
          <fieldset disabled={app.readOnly} class="plain">
            <Panel title="Survey" id="survey-basics">
              <div class="form-grid">
                <label class="field">
                  <span>Name</span>
                  <input
                    type="text"
                    name="name"
                    value={s.name}
                    required
                    onInput={(e) => setS({ ...s, name: e.currentTarget.value })}
                  />
                </label>
                <label class="field">
                  <span>Id</span>
                  <input
                    type="text"
                    name="id"
                    value={s.id}
                    required
                    readOnly={!isNew}
                    pattern="[a-z0-9][a-z0-9_\-]*"
                    title="lower-case letters, digits, - or _"
                    onInput={(e) => setS({ ...s, id: e.currentTarget.value })}
                  />
                </label>
                <label class="field">
                  <span>Touchpoint</span>
                  <select
                    value={s.touchpoint ?? ''}
                    onChange={(e) => {
                      const { touchpoint: _t, ...rest } = s;
                      setS(e.currentTarget.value ? { ...rest, touchpoint: e.currentTarget.value } : rest);
                    }}
                  >
                    <option value="">(set by the page)</option>
                    {app.touchpoints.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.name}
                      </option>
                    ))}
                  </select>
                </label>
                <label class="field check">
                  <input
                    type="checkbox"
                    checked={s.active}
                    onChange={(e) => setS({ ...s, active: e.currentTarget.checked })}
                  />
                  <span>Active</span>
                </label>
              </div>
              <div class="form-grid">
                <label class="field">
                  <span>Editing locale</span>
                  <select value={locale} onChange={(e) => setLocale(e.currentTarget.value)} name="locale">
                    {locales.map((l) => (
                      <option key={l} value={l}>
                        {l}
                        {l === fallback ? ' (default)' : ''}
                      </option>
                    ))}
                  </select>
                </label>
                <label class="field">
                  <span>Default locale</span>
                  <select value={fallback} onChange={(e) => setS({ ...s, defaultLocale: e.currentTarget.value })}>
                    {locales.map((l) => (
                      <option key={l} value={l}>
                        {l}
                      </option>
                    ))}
                  </select>
                </label>
                <div class="field">
                  <label for="new-locale">Add a locale</label>
                  <div class="row">
                    <input
                      id="new-locale"
                      type="text"
                      size={6}
                      placeholder="de"
                      value={newLocale}
                      onInput={(e) => setNewLocale(e.currentTarget.value.trim())}
                    />
                    <button
                      type="button"
                      class="btn btn-small"
                      disabled={!/^[a-z]{2}(-[A-Z]{2})?$/.test(newLocale)}
                      onClick={() => {
                        setExtraLocales([...extraLocales, newLocale]);
                        setLocale(newLocale);
                        setNewLocale('');
                      }}
                    >
                      Add
                    </button>
                  </div>
                </div>
              </div>
            </Panel>
            <Panel title="Questions" id="survey-questions">
              {s.questions.map((q, i) => (
                <QuestionEditor
                  key={i}
                  q={q}
                  index={i}
                  count={s.questions.length}
                  earlier={s.questions.slice(0, i)}
                  locale={locale}
                  fallback={fallback}
                  onChange={(nq) => setQ(i, nq)}
                  onMove={(d) => move(i, d)}
                  onRemove={() => setS({ ...s, questions: s.questions.filter((_, j) => j !== i) })}
                />
              ))}
              <button
                type="button"
                class="btn"
                onClick={() =>
                  setS({
                    ...s,
                    questions: [
                      ...s.questions,
                      {
                        type: 'text',
                        id: freshId(s, 'question'),
                        text: { [locale]: 'What could we do better?' },
                        required: false,
                        maxLength: 5000,
                      },
                    ],
                  })
                }
              >
                Add question
              </button>
              <LocalizedInput
                label="Thank-you note (optional)"
                value={s.thankYou}
                locale={locale}
                fallback={fallback}
                onChange={(thankYou) => setS({ ...s, thankYou })}
              />
            </Panel>
            <Panel title="Look and thank-you" id="survey-look">
              <LookEditor s={s} locale={locale} fallback={fallback} onChange={(look) => setS({ ...s, ...look })} />
            </Panel>
            <Panel title="When and where it shows" id="survey-rules">
              <TriggerEditor t={s.trigger} onChange={(trigger) => setS({ ...s, trigger })} />
              <DisplayEditor d={s.display} onChange={(display) => setS({ ...s, display })} />
              <UrlTargeting urls={s.urls} onChange={(urls) => setS({ ...s, urls })} />
            </Panel>
          </fieldset>
          <div class="actions sticky-actions">
            <button type="submit" class="btn btn-primary" disabled={app.readOnly || busy} data-testid="save-survey">
              {busy ? 'Saving…' : isNew ? 'Create survey' : 'Save changes'}
            </button>
            {!isNew && (
              <button type="button" class="btn btn-danger" disabled={app.readOnly} onClick={remove}>
                Delete survey
              </button>
            )}
            {saved && (
              <span role="status" class="saved">
                {saved}
              </span>
            )}
          </div>
        </form>
        <Preview site={app.site} survey={s} locale={locale} />
      </div>
    </div>
  );
}
