import type { HeaderList } from '../../../../shared/model/exchange';

/** Headers in their order, repeats kept; values wrap anywhere so a long signature never widens the pane. */
export function HeadersTable({ headers, label }: { headers: HeaderList; label: string }) {
  if (!headers.length) return <p className="muted small">No headers.</p>;
  return (
    <table className="simple-table headers-table" aria-label={label}>
      <tbody>
        {headers.map(([name, value], i) => (
          <tr key={i}>
            <th scope="row">
              <code>{name}</code>
            </th>
            <td>
              <code>{value}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
