// The app: session check, sign-in, then the shell (side navigation, filters) around the page for the path.
import { useEffect, useState } from 'react';
import { currentSession, get, onUnauthorized, signOut } from './lib/api.ts';
import { MetaContext, SessionContext } from './lib/meta.ts';
import { matchPath } from './lib/paths.ts';
import { navigate, useLocation } from './lib/router.ts';
import type { Meta } from '../../src/contract/meta.ts';
import type { Session } from '../../src/contract/session.ts';
import { Shell } from './components/Shell.tsx';
import { ErrorState, Loading } from './components/States.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { Overview } from './pages/Overview.tsx';
import { Renewals } from './pages/Renewals.tsx';
import { Cohorts } from './pages/Cohorts.tsx';
import { Segments } from './pages/Segments.tsx';
import { Adoption } from './pages/Adoption.tsx';
import { Surveys } from './pages/Surveys.tsx';
import { Movements } from './pages/Movements.tsx';
import { Accounts } from './pages/Accounts.tsx';
import { Health } from './pages/Health.tsx';
import { Account } from './pages/Account.tsx';
import { NotFound } from './pages/NotFound.tsx';
import { Team } from './pages/Team.tsx';
import { Imports } from './pages/Imports.tsx';
import { Audit } from './pages/Audit.tsx';
import { Jobs } from './pages/Jobs.tsx';
import { Webhooks } from './pages/Webhooks.tsx';
import { SurveysAdmin } from './pages/SurveysAdmin.tsx';
import { Tasks } from './pages/Tasks.tsx';
import { Scorecards } from './pages/Scorecards.tsx';
import { ValueMetrics } from './pages/ValueMetrics.tsx';
import { Playbooks } from './pages/Playbooks.tsx';
import { ChurnModel } from './pages/ChurnModel.tsx';
import { Expansion } from './pages/Expansion.tsx';
import { Plans } from './pages/Plans.tsx';
import { References } from './pages/References.tsx';

type Auth = { state: 'checking' } | { state: 'signed-out' } | { state: 'signed-in'; session: Session; meta: Meta };

function Page() {
  const { path } = useLocation();
  if (path === '/' || path === '/revenue') return <Overview />;
  if (path === '/cohorts') return <Cohorts />;
  if (path === '/segments') return <Segments />;
  if (path === '/adoption') return <Adoption />;
  if (path === '/renewals') return <Renewals />;
  if (path === '/surveys') return <Surveys />;
  if (path === '/movements') return <Movements />;
  if (path === '/accounts') return <Accounts />;
  if (path === '/health') return <Health />;
  if (path === '/team') return <Team />;
  if (path === '/imports') return <Imports />;
  if (path === '/audit') return <Audit />;
  if (path === '/jobs') return <Jobs />;
  if (path === '/webhooks') return <Webhooks />;
  if (path === '/surveys/manage') return <SurveysAdmin />;
  if (path === '/tasks') return <Tasks />;
  if (path === '/scorecards') return <Scorecards />;
  if (path === '/value-reports') return <ValueMetrics />;
  if (path === '/playbooks') return <Playbooks />;
  if (path === '/health/model') return <ChurnModel />;
  if (path === '/expansion') return <Expansion />;
  if (path === '/plans') return <Plans />;
  if (path === '/references') return <References />;
  const account = matchPath('/accounts/:id', path);
  if (account?.id) return <Account id={account.id} />;
  return <NotFound />;
}

export function App() {
  const [auth, setAuth] = useState<Auth>({ state: 'checking' });
  const [failure, setFailure] = useState<Error | null>(null);

  const enter = async (session: Session) => {
    const meta = await get<Meta>('/api/v1/meta');
    setAuth({ state: 'signed-in', session, meta });
  };

  useEffect(() => {
    currentSession()
      .then((session) => (session ? enter(session) : setAuth({ state: 'signed-out' })))
      .catch((error: unknown) => {
        setFailure(error instanceof Error ? error : new Error(String(error)));
      });
    return onUnauthorized(() => {
      setAuth({ state: 'signed-out' });
    });
  }, []);

  if (failure) {
    return (
      <div className="center-screen">
        <ErrorState error={failure} />
      </div>
    );
  }
  if (auth.state === 'checking') {
    return (
      <div className="center-screen">
        <Loading label="Opening Tenure…" />
      </div>
    );
  }
  if (auth.state === 'signed-out') {
    return <SignIn onSignedIn={enter} />;
  }
  const leave = async () => {
    await signOut();
    setAuth({ state: 'signed-out' });
    navigate('/');
  };
  return (
    <SessionContext value={auth.session}>
      <MetaContext value={auth.meta}>
        <Shell onSignOut={() => void leave()}>
          <Page />
        </Shell>
      </MetaContext>
    </SessionContext>
  );
}
