/** The survey editor: to come. */
export function SurveyEditorPage({ id }: { id: string }) {
  return <div class="view">{id}</div>;
}
