/** Surveys: to come. */
export function Surveys() {
  return <div class="view" />;
}
