import { createBrowserRouter, NavLink, Outlet, RouterProvider, useLocation } from 'react-router';
import { useEffect, useRef } from 'react';

import { StatusStrip } from './components/StatusStrip';
import { LiveProvider } from './live/LiveProvider';
import { VIEWS } from './views/registry';
import { NotFoundView } from './views/NotFoundView';

/** The frame of every view: skip link, title, navigation, status of the stack, the view. */
function Layout() {
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const view = VIEWS.find((candidate) => candidate.path === location.pathname);

  const shownPath = useRef(location.pathname);

  useEffect(() => {
    document.title = `${view?.title ?? 'Not found'} · commlab console`;
  }, [view]);
  // After a navigation (not the first load), keyboard and screen-reader users land on the new view. The
  // path shown last, not a "first run" flag: an effect that runs again for the same path (React's
  // StrictMode runs each effect twice) must not steal the focus from the skip link.
  useEffect(() => {
    if (location.pathname === shownPath.current) return;
    shownPath.current = location.pathname;
    main.current?.focus();
  }, [location.pathname]);

  return (
    <div className="layout">
      <a className="skip-link" href="#main">
        Skip to the view
      </a>
      <header className="masthead">
        <p className="brand">
          <span aria-hidden="true">◆</span> commlab console
        </p>
        <nav aria-label="views">
          <ul>
            {VIEWS.map(({ id, path, title }) => (
              <li key={id}>
                <NavLink to={path} end>
                  {title}
                </NavLink>
              </li>
            ))}
            <li>
              {/* A page the console's server renders (not a view of this app): a plain link. */}
              <a href="/asyncapi">Events (AsyncAPI)</a>
            </li>
          </ul>
        </nav>
      </header>
      <StatusStrip />
      <main id="main" ref={main} tabIndex={-1}>
        {view === undefined ? null : (
          <div className="view-head">
            <h1>{view.title}</h1>
            <p className="question">{view.question}</p>
          </div>
        )}
        <Outlet />
      </main>
    </div>
  );
}

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      ...VIEWS.map(({ path, Component }) => ({ path, element: <Component /> })),
      { path: '*', element: <NotFoundView /> },
    ],
  },
]);

export function App() {
  return (
    <LiveProvider>
      <RouterProvider router={router} />
    </LiveProvider>
  );
}
