import { Component, createRef } from 'preact';
import type { Answers, MountProps } from '../core/types';
import type { Strings } from '../locales/strings';
import { Question, tx } from './question';
import { responseBody } from './response';
import { nextQuestion } from './show-if';

/** How long (ms) the thank-you note stays before the card closes itself. */
const THANKS_MS = 4000;

/** Focusable controls, for the focus trap. */
const FOCUSABLE = 'button:not(:disabled),input,textarea';

interface Props {
  p: MountProps;
  t: Strings;
  close: (answered: boolean) => void;
}

interface State {
  answers: Answers;
  /** index of the question on screen; -1 once done (thank-you note) */
  at: number;
}

/** Whether an answer counts as given (for required questions). */
const given = (v: unknown): boolean => v != null && v !== '' && !(Array.isArray(v) && !v.length);

/**
 * The survey card: one question per step, follow-ups by `showIf`, partial answers sent as it goes.
 * A class component: Preact's hooks would add about 1.4 KB to every popup for four state cells.
 */
export class Survey extends Component<Props, State> {
  override state: State = { answers: {}, at: nextQuestion(this.props.p.survey.questions, -1, {}) };
  card = createRef<HTMLDivElement>();
  timer?: ReturnType<typeof setTimeout>;

  /** Moves focus into the card on open and on each step: the chosen or first input, or the thank-you note. */
  override componentDidMount(): void {
    const c = this.card.current!;
    (c.querySelector<HTMLElement>('input:checked,input,textarea,.y') || c).focus({ preventScroll: true });
    if (this.state.at < 0) this.timer = setTimeout(() => this.props.close(true), THANKS_MS);
  }

  override componentDidUpdate(_: Props, prev: State): void {
    if (prev.at != this.state.at) this.componentDidMount();
  }

  override componentWillUnmount(): void {
    clearTimeout(this.timer);
  }

  submit = (e: Event): void => {
    e.preventDefault();
    const { p } = this.props;
    const { answers, at } = this.state;
    const next = nextQuestion(p.survey.questions, at, answers);
    if (next < 0 || Object.keys(answers).length) p.send(responseBody(p.meta, answers, next < 0));
    this.setState({ at: next });
  };

  onKey = (e: KeyboardEvent): void => {
    if (e.key == 'Escape') this.props.close(this.state.at < 0);
  };

  /**
   * Focus trap by sentinels: Tab past the last control lands on the end sentinel, which sends focus to
   * the first (the close button); Shift+Tab before the close button lands on the start sentinel, which
   * sends it to the last control. Radio groups make "the last tabbable element" hard to know in advance.
   */
  wrap = (toStart: boolean) => () => {
    const all = this.card.current!.querySelectorAll<HTMLElement>(FOCUSABLE);
    (toStart ? all[0] : all[all.length - 1])?.focus();
  };

  render({ p, t, close }: Props, { answers, at }: State) {
    const qs = p.survey.questions;
    const q = qs[at];
    return (
      <div
        class="c"
        ref={this.card}
        role="dialog"
        aria-modal="true"
        aria-labelledby={q ? 'q' : 'y'}
        tabIndex={-1}
        onKeyDown={this.onKey}
      >
        <span tabIndex={0} onFocus={this.wrap(false)} />
        <button class="x" type="button" aria-label={t.close} onClick={() => close(at < 0)}>
          ×
        </button>
        {q ? (
          <form onSubmit={this.submit}>
            <Question
              key={q.id}
              q={q}
              value={answers[q.id]}
              set={(v) => this.setState({ answers: { ...answers, [q.id]: v } })}
              t={t}
            />
            <button class="g" type="submit" disabled={q.required && !given(answers[q.id])}>
              {nextQuestion(qs, at, answers) < 0 ? t.send : t.next}
            </button>
          </form>
        ) : (
          <p class="y" id="y" tabIndex={-1} role="status">
            {tx(p.survey.thankYou) || t.thanks}
          </p>
        )}
        <span tabIndex={0} onFocus={this.wrap(true)} />
      </div>
    );
  }
}
