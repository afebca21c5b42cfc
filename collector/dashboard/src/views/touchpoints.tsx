/** Touchpoints: to come. */
export function Touchpoints() {
  return <div class="view" />;
}
