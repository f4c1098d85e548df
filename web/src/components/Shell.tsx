// The signed-in frame: side navigation (carrying the period and filters from page to page) and the top bar.
import type { ReactNode } from 'react';
import { useMeta, useSession } from '../lib/meta.ts';
import { href, pick, SHARED_KEYS } from '../lib/query.ts';
import { useLocation } from '../lib/router.ts';
import { formatDate } from '../lib/format.ts';
import { Link } from './Link.tsx';

const NAV = [
  { path: '/', label: 'Revenue', icon: 'M3 13l4-4 3 3 7-7M13 5h4v4' },
  { path: '/movements', label: 'Movements', icon: 'M4 6h12M4 10h8M4 14h10' },
  { path: '/cohorts', label: 'Cohorts', icon: 'M3 3h4v4H3zM8 3h4v4H8zM13 3h4v4h-4zM3 8h4v4H3zM8 8h4v4H8zM3 13h4v4H3z' },
  { path: '/segments', label: 'Segments', icon: 'M4 16V9M9 16V4M14 16v-5' },
  { path: '/adoption', label: 'Adoption', icon: 'M9 3a7 7 0 107.9 8H9zM12 2v6h6a6 6 0 00-6-6z' },
  { path: '/accounts', label: 'Accounts', icon: 'M10 10a3 3 0 100-6 3 3 0 000 6zM4 17a6 6 0 0112 0' },
];

/** Pages only admins see (their API answers admins only). */
const ADMIN_NAV = [
  { path: '/jobs', label: 'Jobs', icon: 'M10 3a7 7 0 110 14 7 7 0 010-14zM10 6v4l3 2' },
  { path: '/webhooks', label: 'Webhooks', icon: 'M4 10h5l2-4 2 8 2-4h1' },
];

function isActive(navPath: string, path: string): boolean {
  if (navPath === '/') return path === '/' || path === '/revenue';
  return path === navPath || path.startsWith(`${navPath}/`);
}

export function Shell({ children, onSignOut }: { children: ReactNode; onSignOut: () => void }) {
  const { path, query } = useLocation();
  const session = useSession();
  const meta = useMeta();
  const shared = pick(query, SHARED_KEYS);
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="sidebar-inner">
          <div className="brand">
            <span className="brand-mark">T</span>
            <span className="brand-name">Tenure</span>
          </div>
          <nav aria-label="Main">
            {[...NAV, ...(session.user.role === 'admin' ? ADMIN_NAV : [])].map((item) => (
              <Link
                key={item.path}
                href={href(item.path, shared)}
                className={`nav-link ${isActive(item.path, path) ? 'active' : ''}`}
                aria-current={isActive(item.path, path) ? 'page' : undefined}
              >
                <svg width="18" height="18" viewBox="0 0 20 20" aria-hidden="true">
                  <path d={item.icon} fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinejoin="round" />
                </svg>
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="sidebar-foot">
            <div className="muted small">Data as of {formatDate(meta.asOf)}</div>
            <div className="muted small">Reporting in {meta.reportingCurrency}</div>
            <a className="muted small" href="/api/docs" target="_blank" rel="noreferrer">
              API docs
            </a>
          </div>
        </div>
      </aside>
      <div className="main">
        <header className="topbar">
          <div className="topbar-spacer" />
          <div className="user">
            <span className="avatar" aria-hidden="true">
              {(session.user.name ?? session.user.email).slice(0, 1).toUpperCase()}
            </span>
            <span className="user-text">
              <span className="user-name">{session.user.name ?? session.user.email}</span>
              <span className="muted small">{session.user.role}</span>
            </span>
            <button type="button" className="button button-ghost" onClick={onSignOut}>
              Sign out
            </button>
          </div>
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}
