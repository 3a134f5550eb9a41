/**
 * A URL that may wrap only after a slash of its path, never inside the scheme
 * or host: a narrow column shows "http://127.0.0.1:7781/" then "in/my-app",
 * not "htt" then "p://…".
 */
export function BreakableUrl({ url, testId }: { url: string; testId?: string }) {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/]*\/?)(.*)$/i.exec(url);
  const parts = m ? [m[1]!, ...m[2]!.split(/(?<=\/)/)].filter(Boolean) : [url];
  return (
    <code className="breakable-url" data-testid={testId}>
      {parts.map((p, i) => (
        <span key={i}>
          {p}
          {i < parts.length - 1 && <wbr />}
        </span>
      ))}
    </code>
  );
}
