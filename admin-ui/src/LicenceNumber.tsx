/**
 * A licence number as people use it: never broken across lines, and a link — to the licence's page
 * for staff when its id is known, else to its public register entry, which anyone may open.
 */
import { Link } from 'react-router-dom';

export function LicenceNumber({ number, id }: { number: string | null | undefined; id?: string | null }) {
  if (!number) return <span>—</span>;
  const style = { whiteSpace: 'nowrap' } as const;
  return id ? (
    <Link to={`/licences/${id}/show`} style={style} onClick={(e) => e.stopPropagation()}>
      {number}
    </Link>
  ) : (
    <a href={`/verify/${encodeURIComponent(number)}`} style={style} onClick={(e) => e.stopPropagation()}>
      {number}
    </a>
  );
}
