import type { Display, Survey, Trigger } from '@touchpoint/shared';
import { num, TRIGGER_TYPES, triggerOf } from './draft';
import { UrlRules } from './fields';

/** When the survey shows: its trigger and that trigger's settings. */
export function TriggerEditor({ t, onChange }: { t: Trigger; onChange: (t: Trigger) => void }) {
  return (
    <fieldset>
      <legend>Trigger</legend>
      <div class="form-grid">
        <label class="field">
          <span>Show the survey on</span>
          <select
            value={t.type}
            onChange={(e) => onChange(triggerOf(e.currentTarget.value as Trigger['type']))}
            data-testid="trigger-type"
          >
            {TRIGGER_TYPES.map((x) => (
              <option key={x.type} value={x.type}>
                {x.label}
              </option>
            ))}
          </select>
        </label>
        {t.type === 'exit-intent' && (
          <>
            <label class="field">
              <span>Arming delay (ms)</span>
              <input type="number" min={0} value={t.armMs} onInput={(e) => onChange({ ...t, armMs: num(e) })} />
            </label>
            <label class="field">
              <span>Minimum time on page (ms)</span>
              <input
                type="number"
                min={0}
                value={t.minTimeOnPageMs}
                onInput={(e) => onChange({ ...t, minTimeOnPageMs: num(e) })}
              />
            </label>
          </>
        )}
        {t.type === 'cart-drop-off' && (
          <>
            <label class="field">
              <span>Idle with a full cart (s)</span>
              <input
                type="number"
                min={1}
                value={t.idleSeconds}
                onInput={(e) => onChange({ ...t, idleSeconds: num(e) })}
              />
            </label>
            <label class="field">
              <span>Cart count selector (optional)</span>
              <input
                type="text"
                value={t.cartSelector ?? ''}
                onInput={(e) => {
                  const { cartSelector: _old, ...rest } = t;
                  const v = e.currentTarget.value;
                  onChange(v ? { ...rest, cartSelector: v } : rest);
                }}
              />
            </label>
          </>
        )}
        {t.type === 'time-on-page' && (
          <label class="field">
            <span>Seconds on the page</span>
            <input type="number" min={0} value={t.seconds} onInput={(e) => onChange({ ...t, seconds: num(e) })} />
          </label>
        )}
        {t.type === 'scroll-depth' && (
          <label class="field">
            <span>Scrolled (%)</span>
            <input
              type="number"
              min={1}
              max={100}
              value={t.percent}
              onInput={(e) => onChange({ ...t, percent: num(e) })}
            />
          </label>
        )}
        {t.type === 'event' && (
          <label class="field">
            <span>Event name</span>
            <input type="text" value={t.name} onInput={(e) => onChange({ ...t, name: e.currentTarget.value })} />
          </label>
        )}
        {t.type === 'click' && (
          <label class="field">
            <span>CSS selector</span>
            <input
              type="text"
              value={t.selector}
              onInput={(e) => onChange({ ...t, selector: e.currentTarget.value })}
            />
          </label>
        )}
      </div>
      {t.type === 'cart-drop-off' && (
        <UrlRules
          legend="Checkout pages (the survey no longer fires there)"
          rules={t.checkoutUrls}
          onChange={(checkoutUrls) => onChange({ ...t, checkoutUrls })}
        />
      )}
    </fieldset>
  );
}

/** Who sees the survey and how often. */
export function DisplayEditor({ d, onChange }: { d: Display; onChange: (d: Display) => void }) {
  return (
    <fieldset>
      <legend>Display rules</legend>
      <div class="form-grid">
        <label class="field">
          <span>Sampling (% of visitors)</span>
          <input
            type="number"
            min={0}
            max={100}
            value={d.sampling}
            onInput={(e) => onChange({ ...d, sampling: num(e) })}
          />
        </label>
        <label class="field">
          <span>Recontact wait (days)</span>
          <input
            type="number"
            min={0}
            value={d.recontactDays}
            onInput={(e) => onChange({ ...d, recontactDays: num(e) })}
          />
        </label>
        <label class="field">
          <span>Frequency</span>
          <select
            value={d.frequency}
            onChange={(e) => onChange({ ...d, frequency: e.currentTarget.value as Display['frequency'] })}
          >
            <option value="until-answered">Until answered</option>
            <option value="once">Once</option>
            <option value="always">Every time</option>
          </select>
        </label>
        <label class="field">
          <span>Position</span>
          <select
            value={d.position}
            onChange={(e) => onChange({ ...d, position: e.currentTarget.value as Display['position'] })}
          >
            <option value="bottom-right">Bottom right</option>
            <option value="bottom-left">Bottom left</option>
            <option value="center">Centre</option>
          </select>
        </label>
      </div>
    </fieldset>
  );
}

/** Page targeting: include and exclude rules. */
export function UrlTargeting({ urls, onChange }: { urls: Survey['urls']; onChange: (u: Survey['urls']) => void }) {
  return (
    <div class="grid-2 tight">
      <UrlRules
        legend="Show on pages matching (none: every page)"
        rules={urls.include}
        onChange={(include) => onChange({ ...urls, include })}
      />
      <UrlRules
        legend="Never on pages matching"
        rules={urls.exclude}
        onChange={(exclude) => onChange({ ...urls, exclude })}
      />
    </div>
  );
}
