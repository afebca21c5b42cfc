import type { Part, QuestionProps } from '../parts';
import { tx } from '../tx';

/** The e-mail field (a `contact` question); the address is trimmed as typed. */
function Contact({ q, value, set, t }: QuestionProps) {
  return (
    <div>
      <label class="l" id="q" for="i">
        {tx(q.text)}
      </label>
      <input
        id="i"
        class="t"
        type="email"
        autocomplete="email"
        placeholder={t.email}
        aria-label={t.email}
        value={(value as string) || ''}
        onInput={(e) => set(e.currentTarget.value.trim())}
      />
    </div>
  );
}

/** The e-mail question's part (`m`); its field looks like the free-text one (`textarea,.t` in ui/styles.ts). */
export default { q: { contact: Contact } } satisfies Part as Part;
