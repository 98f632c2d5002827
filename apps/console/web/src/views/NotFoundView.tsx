import { Link } from 'react-router';

import { ROUTES } from './routes';

export function NotFoundView() {
  return (
    <div className="view-head">
      <h1>Not found</h1>
      <p>
        The console has no view here. <Link to={ROUTES.topology}>Back to the topology</Link>.
      </p>
    </div>
  );
}
