/** An honest placeholder for an area whose feature has not landed yet. */
export function NotBuiltPanel({ title, what }: { title: string; what: string }) {
  return (
    <section className="panel empty-state" aria-labelledby="not-built-title">
      <h2 id="not-built-title">{title} is not built yet</h2>
      <p>{what}</p>
      <p className="muted">This area arrives in a later version. Settings shows what the running core can do today.</p>
    </section>
  );
}
