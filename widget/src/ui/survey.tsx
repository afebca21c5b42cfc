import { Component, createRef } from 'preact';
import type { Answers, MountProps } from '../core/types';
import { dirOf } from '../locales/dir';
import type { Strings } from '../locales/strings';
import { PARTS } from './parts';
import { Question, tx } from './question';
import { responseBody } from './response';
import { nextQuestion } from './show-if';

/** How long (ms) the thank-you note (and its link on) stays before the card closes itself, unless held. */
const THANKS_MS = 5000;

/** Focusable controls, for the focus trap. */
const FOCUSABLE = 'button:not(:disabled),input,textarea';

interface Props {
  p: MountProps;
  t: Strings;
  close: (answered: boolean) => void;
  /** the visitor opened the card themselves: it takes focus at once */
  focus: boolean;
  /** the UI chunk's own URL: collector paths in the thank-you link resolve against it */
  base: string;
  /** the theme's colours, radius and font as custom properties (ui/theme.ts), read before the card is inserted */
  vars: Record<string, string>;
}

interface State {
  answers: Answers;
  /** index of the question on screen; -1 once done (thank-you note) */
  at: number;
  /** what the polite live region says once the card is up (when it did not take focus) */
  said?: string;
}

/** Whether an answer counts as given (for required questions). */
const given = (v: unknown): boolean => v != null && v !== '' && !(Array.isArray(v) && !v.length);

/**
 * The survey card: one question per step, follow-ups by `showIf`, partial answers sent as it goes.
 * A class component: Preact's hooks would add about 1.4 KB to every popup for four state cells.
 */
export class Survey extends Component<Props, State> {
  override state: State = { answers: {}, at: nextQuestion(this.props.p.survey.questions, -1, {}) };
  _card = createRef<HTMLDivElement>();
  _timer?: ReturnType<typeof setTimeout>;
  /** focus was in the card when the step was sent (the sending button itself is gone after it) */
  _inside = false;

  /**
   * On open: focus goes into the card only when the visitor opened it; otherwise the card is announced
   * politely and waits for them to Tab or click in. On each later step focus follows if it is in the card.
   * The card's fade-in starts (with its scale's layout) in a task after its first frame, and focus moves (or
   * the announcement renders) in a task after the next: inside the first frame's animation callback they would
   * add their work to the frame that first styles, lays out and paints the card, the longest task of the
   * popup's opening (bench/README.md `pnpm bench:popup`). Nothing cancels it: on a card
   * closed before then, focus on its detached controls and Preact's setState on an unmounted component do
   * nothing (the bytes went to the extra task instead).
   */
  override componentDidMount(): void {
    const c = this._card.current!;
    const inside = !!(c.getRootNode() as ShadowRoot).activeElement;
    const later = (f: () => void) => requestAnimationFrame(() => setTimeout(f));
    later(() => {
      // the fade-in starts and the scale is laid out (ui/styles.ts `.a`); Preact leaves the class alone, as
      // its `class` prop never changes
      c.classList.add('a');
      // focus after the frame that lays out the scale: moved sooner, it would force that layout itself
      later(() => {
        if (this.props.focus || inside)
          (c.querySelector<HTMLElement>('input:checked,input,textarea,.y') || c).focus({ preventScroll: true });
        else this.setState({ said: tx(this.props.p.survey.questions[this.state.at]?.text) });
      });
    });
    this._arm();
  }

  /** the visitor is at the card: 1 the pointer is over it, 2 focus is on one of its controls */
  _near = 0;

  /** Starts the thank-you's countdown to closing, unless the visitor is at the card. */
  _arm = (): void => {
    clearTimeout(this._timer);
    if (this.state.at < 0 && !this._near) this._timer = setTimeout(() => this.props.close(true), THANKS_MS);
  };

  /**
   * Pointer and focus hold the thank-you open; leaving re-arms it. Focus on the note itself does not
   * hold it: the card moves focus there by itself after the last answer.
   */
  _hold = (e: Event): void => {
    const t = e.type;
    this._near =
      t == 'mouseenter'
        ? this._near | 1
        : t == 'mouseleave'
          ? this._near & 2
          : t == 'focusin' && !(e.target as Element).matches('.y')
            ? this._near | 2
            : this._near & 1;
    this._arm();
  };

  override componentDidUpdate(_: Props, prev: State): void {
    if (prev.at != this.state.at) {
      const c = this._card.current!;
      if (this._inside)
        (c.querySelector<HTMLElement>('input:checked,input,textarea,.y') || c).focus({ preventScroll: true });
      this._arm();
    }
  }

  override componentWillUnmount(): void {
    clearTimeout(this._timer);
  }

  _submit = (e: Event): void => {
    e.preventDefault();
    const { p } = this.props;
    const { answers, at } = this.state;
    const next = nextQuestion(p.survey.questions, at, answers);
    this._inside = !!(this._card.current!.getRootNode() as ShadowRoot).activeElement;
    if (next < 0 || Object.keys(answers).length) p.send(responseBody(p.meta, answers, next < 0));
    this.setState({ at: next });
  };

  _onKey = (e: KeyboardEvent): void => {
    if (e.key == 'Escape') this.props.close(this.state.at < 0);
  };

  /**
   * Focus trap by sentinels: Tab past the last control lands on the end sentinel, which sends focus to
   * the first (the close button); Shift+Tab before the close button lands on the start sentinel, which
   * sends it to the last control. Radio groups make "the last tabbable element" hard to know in advance.
   * Tabbing in from the page lands on a sentinel too: then focus goes to the nearest control instead.
   */
  _wrap = (toStart: boolean) => (e: FocusEvent) => {
    const c = this._card.current!;
    const all = c.querySelectorAll<HTMLElement>(FOCUSABLE);
    const fromInside = c.contains(e.relatedTarget as Node | null);
    (toStart == fromInside ? all[0] : all[all.length - 1])?.focus();
  };

  render({ p, t, close, vars }: Props, { answers, at, said }: State) {
    const qs = p.survey.questions;
    const q = qs[at];
    // a required question without an answer: the button is disabled, and a visible hint tied to it says why
    const blocked = !!q?.required && !given(answers[q.id]);
    return (
      <div
        style={vars}
        class="c"
        ref={this._card}
        role="dialog"
        lang={p.meta.locale}
        dir={dirOf(p.meta.locale)}
        aria-labelledby={q ? 'q' : 'y'}
        tabIndex={-1}
        onKeyDown={this._onKey}
        onMouseEnter={this._hold}
        onMouseLeave={this._hold}
        onFocusIn={this._hold}
        onFocusOut={this._hold}
      >
        <span tabIndex={0} onFocus={this._wrap(false)} />
        <button class="x" type="button" aria-label={t.close} onClick={() => close(at < 0)}>
          ×
        </button>
        {q ? (
          <form key={q.id} onSubmit={this._submit}>
            {qs.length > 1 && (
              <p class="p">
                {at + 1} {t.of} {qs.length}
              </p>
            )}
            <Question
              key={q.id}
              q={q}
              value={answers[q.id]}
              set={(v) => this.setState({ answers: { ...answers, [q.id]: v } })}
              t={t}
              tint={p.survey.theme?.npsColours}
            />
            <button class="g" type="submit" disabled={blocked} aria-describedby={blocked ? 'h' : undefined}>
              {nextQuestion(qs, at, answers) < 0 ? t.send : t.next}
            </button>
            {blocked && (
              <p class="h" id="h">
                {t.need}
              </p>
            )}
          </form>
        ) : (
          <>
            <p class="y" id="y" tabIndex={-1} role="status">
              {tx(p.survey.thankYou) || t.thanks}
            </p>
            {PARTS.x && <PARTS.x s={p.survey} t={t} base={this.props.base} />}
          </>
        )}
        {p.survey.theme?.poweredBy && <p class="pb">Powered by Touchpoint</p>}
        <span tabIndex={0} onFocus={this._wrap(true)} />
        <p class="sr" aria-live="polite">
          {said}
        </p>
      </div>
    );
  }
}
