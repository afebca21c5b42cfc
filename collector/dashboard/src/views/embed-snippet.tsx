import { useState } from 'preact/hooks';
import { Panel } from '../components/ui';

/** The script tag a website owner pastes into their pages: the site's loader (its rules inlined), and the queue stub. */
export function EmbedSnippet({ site }: { site: string }) {
  const [copied, setCopied] = useState('');
  const snippet =
    `<script async src="${location.origin}/widget.js?site=${site}" data-site="${site}"></script>\n` +
    `<script>window.touchpoint=window.touchpoint||function(){(touchpoint.q=touchpoint.q||[]).push(arguments)}</script>`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('Select the snippet and copy it (the clipboard is not available here).');
    }
  };
  return (
    <Panel
      title="Embed snippet"
      id="embed"
      actions={
        <button type="button" class="btn" onClick={copy}>
          Copy snippet
        </button>
      }
    >
      <p class="hint">
        Paste before <code>&lt;/body&gt;</code> on every page. Then call <code>touchpoint('cart', …)</code>,{' '}
        <code>touchpoint('identify', …)</code> or <code>touchpoint('show', surveyId)</code> as needed.
      </p>
      <pre class="snippet" data-testid="embed-snippet">
        <code>{snippet}</code>
      </pre>
      <p role="status" class="hint">
        {copied}
      </p>
    </Panel>
  );
}
