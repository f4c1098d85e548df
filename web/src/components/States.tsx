// Loading, empty and error states, the same on every page.
import type { ReactNode } from 'react';

export function Loading({ label = 'Loading…', height = 160 }: { label?: string; height?: number }) {
  return (
    <div className="state state-loading" style={{ minHeight: height }} role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function Empty({ title = 'Nothing to show', children }: { title?: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children ? <span>{children}</span> : null}
    </div>
  );
}

export function ErrorState({ error, children }: { error: Error; children?: ReactNode }) {
  return (
    <div className="card">
      <div className="state state-error" role="alert">
        <strong>Could not load this</strong>
        <span>{error.message}</span>
        {children}
      </div>
    </div>
  );
}

/** Renders the state of a load, or `children(data)` once it is there. */
export function Loadable<T>({
  loaded,
  height,
  isEmpty,
  empty,
  children,
}: {
  loaded: { data: T | null; error: Error | null; loading: boolean };
  height?: number;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (loaded.error) return <ErrorState error={loaded.error} />;
  if (loaded.data === null) return <Loading {...(height ? { height } : {})} />;
  if (isEmpty?.(loaded.data)) return <>{empty ?? <Empty />}</>;
  return <div className={loaded.loading ? 'refreshing' : undefined}>{children(loaded.data)}</div>;
}

/** A form's refusal, read out to screen readers; nothing when there is none. */
export function FormError({ message }: { message: string | null | undefined }) {
  return message ? (
    <div className="form-error" role="alert">
      {message}
    </div>
  ) : null;
}
