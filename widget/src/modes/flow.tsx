import type { AnswerValue, ConfigSurvey, Question as Q } from '@touchpoint/shared';
import { Component, createRef } from 'preact';
import type { Answers } from '../core/types';
import type { ComponentChild } from 'preact';
import { Face, Thumb } from '../ui/faces';
import { addAllParts } from '../ui/parts/all';
import { Question, RANGES, tx } from '../ui/question';
import { nextQuestion } from '../ui/show-if';
import { ThanksLink } from '../ui/thanks-link';
import type { ModeStrings } from './strings';

/**
 * Taps right after a step changes are ignored: a double tap on a face must not also answer the next
 * question, which appears under the same finger. Shorter than the step's entry animation. Keys are
 * never ignored (a keyboard has no double tap).
 */
export const TAP_GUARD_MS = 200;

// multiple choice, e-mail and the rest that are not tapped come from the popup's parts, all of them here
addAllParts();

/** Whether an answer counts as given (for required questions). */
const given = (v: unknown): boolean => v != null && v !== '' && !(Array.isArray(v) && !v.length);

/** Questions answered by a single tap on a large button; the rest take a Next button. */
const tappable = (q: Q): boolean => !!RANGES[q.type] || q.type == 'single';

interface TapProps {
  q: Q;
  t: ModeStrings;
  pick: (v: AnswerValue, e: MouseEvent) => void;
  /** NPS buttons tinted red to green (the theme's `npsColours`) */
  tint?: boolean | undefined;
}

/** A question whose answers are buttons: faces, thumbs, a 0–10 or 1–5 scale, or single-choice options. */
function Tap({ q, t, pick, tint }: TapProps) {
  const face = q.type == 'smiley';
  const thumbs = q.type == 'thumbs';
  const options: [AnswerValue, ComponentChild, string?][] =
    q.type == 'single'
      ? q.choices.map((c) => [c.id, tx(c.label)])
      : RANGES[q.type]!.map((n) =>
          face ? [n, <Face n={n} />, t.faces[n - 1]] : thumbs ? [n, <Thumb up={!!n} />, n ? t.up : t.down] : [n, n],
        );
  const low = 'lowLabel' in q && q.lowLabel ? tx(q.lowLabel) : q.type == 'nps' ? t.npsLow : '';
  const high = 'highLabel' in q && q.highLabel ? tx(q.highLabel) : q.type == 'nps' ? t.npsHigh : '';
  return (
    <fieldset>
      <legend id="q">{tx(q.text)}</legend>
      <div
        class={face || thumbs ? 'b f' : q.type == 'single' ? 'b c' : q.type == 'nps' ? (tint ? 'b n tn' : 'b n') : 'b'}
      >
        {options.map(([v, text, name]) => (
          <button
            type="button"
            aria-label={name}
            onClick={(e) => pick(v, e)}
            style={tint && q.type == 'nps' ? { '--n': v as number } : undefined}
          >
            {text}
          </button>
        ))}
      </div>
      {(low || high) && (
        <div class="e" aria-hidden="true">
          <span>{low}</span>
          <span>{high}</span>
        </div>
      )}
    </fieldset>
  );
}

export interface FlowProps {
  survey: ConfigSurvey;
  t: ModeStrings;
  /** a step was answered, or the survey finished (`done`; the answers may then be empty if all were skipped) */
  onAnswer: (answers: Answers, done: boolean) => void;
  /** answers changed, including text typed but not yet submitted */
  onChange?: (answers: Answers) => void;
  /** the kiosk's invitation above the first question, until the first answer */
  invite?: string;
  /** the kiosk: the thank-you's link on as text (a kiosk never navigates away) */
  linkAsText?: boolean;
  /** the kiosk: the address of a QR code of that link, shown under it, so a phone can take it along */
  qr?: string;
}

interface FlowState {
  answers: Answers;
  /** index of the question on screen; -1 once done (thank-you screen) */
  at: number;
}

/**
 * One survey, one question per screen, for the kiosk and the link page: scale and choice questions
 * answer on a tap and move on; text, contact and multiple choice take a Next button; optional
 * questions can be skipped; follow-ups appear by `showIf`. Copy is rendered as text, never as HTML.
 */
export class Flow extends Component<FlowProps, FlowState> {
  override state: FlowState = { answers: {}, at: nextQuestion(this.props.survey.questions, -1, {}) };
  box = createRef<HTMLDivElement>();
  /** when the current step appeared (performance.now()) */
  shown = 0;

  /**
   * Each step (and the thank-you note) takes focus, so keyboard and screen-reader users follow along: the
   * step itself, not its first answer, so that nothing looks chosen before the respondent chooses (Tab
   * reaches the first answer). A text step focuses its field, where typing is the answer.
   */
  override componentDidMount(): void {
    this.shown = performance.now();
    const b = this.box.current!;
    (b.querySelector<HTMLElement>('input[type=text],input[type=email],textarea,.y') ?? b).focus({
      preventScroll: true,
    });
  }

  override componentDidUpdate(_: FlowProps, prev: FlowState): void {
    if (prev.at != this.state.at) this.componentDidMount();
  }

  /** Moves past the current question; `commit` reports the answers (partial, or complete at the end). */
  go(answers: Answers, commit: boolean): void {
    const next = nextQuestion(this.props.survey.questions, this.state.at, answers);
    if (commit || next < 0) this.props.onAnswer(answers, next < 0);
    this.setState({ answers, at: next });
  }

  pick = (v: AnswerValue, e: MouseEvent): void => {
    // a click from Enter or Space has detail 0 (UI Events: the click count)
    if (e.detail && performance.now() - this.shown < TAP_GUARD_MS) return;
    const q = this.props.survey.questions[this.state.at]!;
    this.go({ ...this.state.answers, [q.id]: v }, true);
  };

  next = (e: Event): void => {
    e.preventDefault();
    const q = this.props.survey.questions[this.state.at]!;
    this.go(this.state.answers, given(this.state.answers[q.id]));
  };

  set = (v: AnswerValue): void => {
    const q = this.props.survey.questions[this.state.at]!;
    const answers = { ...this.state.answers, [q.id]: v };
    this.setState({ answers });
    this.props.onChange?.(answers);
  };

  render({ survey, t, invite, linkAsText, qr }: FlowProps, { answers, at }: FlowState) {
    const qs = survey.questions;
    const q = qs[at];
    const last = nextQuestion(qs, at, answers) < 0;
    // a required question without an answer: the button is disabled, and a visible hint tied to it says why
    const blocked = !!q?.required && !given(answers[q.id]);
    return (
      <div class="s" key={at} ref={this.box} tabIndex={-1}>
        {!q ? (
          <>
            <p class="y" role="status" tabIndex={-1}>
              {tx(survey.thankYou) || t.thanks}
            </p>
            {survey.thankYouLink &&
              (linkAsText ? (
                <>
                  <p class="lk">
                    {survey.thankYouLink.label || t.changes}:{' '}
                    <span class="lu">
                      {new URL(survey.thankYouLink.url, location.href).href.replace(/^https?:\/\//, '')}
                    </span>
                  </p>
                  {qr && <img class="qr" src={qr} alt={'QR: ' + (survey.thankYouLink.label || t.changes)} />}
                </>
              ) : (
                <ThanksLink s={survey} t={t} base={location.href} />
              ))}
          </>
        ) : tappable(q) ? (
          <>
            {invite && !Object.keys(answers).length && <p class="in">{invite}</p>}
            {qs.length > 1 && (
              <p class="p">
                {at + 1} {t.of} {qs.length}
              </p>
            )}
            <Tap key={q.id} q={q} t={t} pick={this.pick} tint={survey.theme?.npsColours} />
            {!q.required && (
              <div class="a">
                <button class="sk" type="button" onClick={this.next}>
                  {t.skip}
                </button>
              </div>
            )}
          </>
        ) : (
          <form onSubmit={this.next}>
            <p class="p">
              {at + 1} {t.of} {qs.length}
            </p>
            <Question key={q.id} q={q} value={answers[q.id]} set={this.set} t={t} tint={survey.theme?.npsColours} />
            <div class="a">
              <button class="g" type="submit" disabled={blocked} aria-describedby={blocked ? 'h' : undefined}>
                {last ? t.send : t.next}
              </button>
            </div>
            {blocked && (
              <p class="h" id="h">
                {t.need}
              </p>
            )}
          </form>
        )}
      </div>
    );
  }
}
