/** Inbox: to come. */
export function Inbox() {
  return <div class="view" />;
}
