// The signed-in frame: side navigation (carrying the period and filters from page to page) and the top bar. On a
// narrow screen the navigation folds away behind a menu button and slides in over the page.
import { useEffect, useState, type ReactNode } from 'react';
import { useMeta, useSession } from '../lib/meta.ts';
import { href, pick, SHARED_KEYS } from '../lib/query.ts';
import { useLocation } from '../lib/router.ts';
import { formatDate } from '../lib/format.ts';
import { Link } from './Link.tsx';

/** The side navigation; a page adds its entry here (path, label, an SVG path on a 20×20 grid). */
export const NAV: { path: string; label: string; icon: string }[] = [
  { path: '/', label: 'Revenue', icon: 'M3 13l4-4 3 3 7-7M13 5h4v4' },
  { path: '/movements', label: 'Movements', icon: 'M4 6h12M4 10h8M4 14h10' },
  { path: '/cohorts', label: 'Cohorts', icon: 'M3 3h4v4H3zM8 3h4v4H8zM13 3h4v4h-4zM3 8h4v4H3zM8 8h4v4H8zM3 13h4v4H3z' },
  { path: '/segments', label: 'Segments', icon: 'M4 16V9M9 16V4M14 16v-5' },
  { path: '/adoption', label: 'Adoption', icon: 'M9 3a7 7 0 107.9 8H9zM12 2v6h6a6 6 0 00-6-6z' },
  { path: '/renewals', label: 'Renewals', icon: 'M4 10a6 6 0 0110.5-4M16 10a6 6 0 01-10.5 4M14 3v3h-3M6 17v-3h3' },
  { path: '/surveys', label: 'Surveys', icon: 'M4 4h12v9H8l-4 3zM7 8h6M7 11h4' },
  { path: '/surveys/manage', label: 'Survey setup', icon: 'M4 4h12v9H8l-4 3zM7 8h6' },
  { path: '/health', label: 'Health', icon: 'M10 17s-6-3.5-6-8a3.5 3.5 0 016-2.4A3.5 3.5 0 0116 9c0 4.5-6 8-6 8z' },
  { path: '/health/model', label: 'Churn model', icon: 'M3 15l4-5 3 3 4-6 3 4M3 17h14' },
  { path: '/expansion', label: 'Expansion', icon: 'M3 17h14M5 13l4-4 3 3 5-6M13 6h4v4' },
  { path: '/accounts', label: 'Accounts', icon: 'M10 10a3 3 0 100-6 3 3 0 000 6zM4 17a6 6 0 0112 0' },
  { path: '/tasks', label: 'Tasks', icon: 'M4 5l2 2 3-3M4 11l2 2 3-3M11 6h6M11 12h6M4 16h13' },
  { path: '/scorecards', label: 'Scorecards', icon: 'M3 16h14M5 16V9M9 16V5M13 16v-4' },
  { path: '/playbooks', label: 'Playbooks', icon: 'M5 3h10v14H5zM8 7h4M8 10l2 2 3-3' },
  { path: '/plans', label: 'Success plans', icon: 'M4 16l4-6 3 3 5-8M14 5h2v2' },
  { path: '/references', label: 'References', icon: 'M10 3l2 5h5l-4 3 2 5-5-3-5 3 2-5-4-3h5z' },
];

/** Administration, shown to admins only (the API refuses everyone else). */
const ADMIN_NAV = [
  {
    path: '/team',
    label: 'Team',
    icon: 'M7 9a3 3 0 100-6 3 3 0 000 6zM1 17a6 6 0 0112 0M14 9a2.5 2.5 0 100-5M15 12a5 5 0 014 5',
  },
  { path: '/imports', label: 'Imports', icon: 'M10 3v10m0-10L6 7m4-4l4 4M3 14v3h14v-3' },
  { path: '/audit', label: 'Audit log', icon: 'M5 3h10v14H5zM8 7h4M8 10h4M8 13h2' },
  { path: '/jobs', label: 'Jobs', icon: 'M10 3a7 7 0 110 14 7 7 0 010-14zM10 6v4l3 2' },
  { path: '/webhooks', label: 'Webhooks', icon: 'M4 10h5l2-4 2 8 2-4h1' },
  { path: '/value-reports', label: 'Value reports', icon: 'M4 16V8M8 16V4M12 16v-6M16 16V6M3 17h14' },
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
  const [navOpen, setNavOpen] = useState(false);
  // Going to another page closes the folded navigation.
  useEffect(() => {
    setNavOpen(false);
  }, [path]);
  return (
    <div className={`shell ${navOpen ? 'nav-open' : ''}`}>
      <div className="nav-backdrop" aria-hidden="true" onClick={() => setNavOpen(false)} />
      <aside className="sidebar" id="sidebar">
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
          <button
            type="button"
            className="menu-button"
            aria-label="Menu"
            aria-controls="sidebar"
            aria-expanded={navOpen}
            onClick={() => setNavOpen(!navOpen)}
          >
            <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
              <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
            </svg>
          </button>
          <span className="topbar-brand">Tenure</span>
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
