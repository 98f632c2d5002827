import type { ReactNode } from 'react';

/** A problem the page must say out loud (a service or broker down, a failed action). */
export function Problem({ children, title }: { children: ReactNode; title?: string }) {
  return (
    <div className="notice notice-problem" role="alert">
      {title === undefined ? null : <strong>{title} </strong>}
      {children}
    </div>
  );
}

/** A neutral note: nothing there yet, how to get something. */
export function Note({ children }: { children: ReactNode }) {
  return <p className="notice notice-note">{children}</p>;
}

/** Shown until the first answer; calls time out, so this never stays. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="notice notice-note" aria-busy="true">
      Loading {what}…
    </p>
  );
}
