import { lazy, Suspense, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { AuthProvider } from 'react-oidc-context';
import { WebStorageStateStore } from 'oidc-client-ts';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { ConfigContext, type ConsoleConfig } from './config';
import { Layout } from './Layout';
import { RequireRole, SignedIn } from './SignedIn';
import { Loading } from '@city/web-kit';
import { hasRole, useSession } from '../shared/auth/session';
import { TokenBridge } from '../shared/api/client';

// Each screen is its own chunk: a clerk's browser never loads the supervisor's code.
const MyWork = lazy(() => import('../features/my-work/MyWorkPage'));
const Search = lazy(() => import('../features/case-search/SearchPage'));
const CasePage = lazy(() => import('../features/case-view/CasePage'));
const CitizenPage = lazy(() => import('../features/citizen-record/CitizenPage'));
const CallPage = lazy(() => import('../features/screen-pop/CallPage'));
const NewRequest = lazy(() => import('../features/new-request/NewRequestPage'));
const Counter = lazy(() => import('../features/counter/CounterPage'));
const Supervisor = lazy(() => import('../features/supervisor/SupervisorPage'));
const Display = lazy(() => import('../features/waiting-room/DisplayPage'));
const Operations = lazy(() => import('../features/operations/OperationsPage'));
const Reports = lazy(() => import('../features/operations/reports/ReportsPage'));
const DeadLetters = lazy(() => import('../features/dead-letters/DeadLettersPage'));
const JobQueues = lazy(() => import('../features/job-queues/JobQueuesPage'));
const Retention = lazy(() => import('../features/retention/RetentionPage'));
const Cities = lazy(() => import('../features/cities/CitiesPage'));
const Ambitions = lazy(() => import('../features/ambitions/AmbitionsPage'));

const page = (node: ReactNode) => <Suspense fallback={<Loading />}>{node}</Suspense>;

/** Where each person starts: their own work, their counter, the live queues, or the operations board. */
function Home() {
  const s = useSession();
  if (hasRole(s, 'supervisor')) return <Navigate to="/supervisor" replace />;
  if (hasRole(s, 'clerk')) return <Navigate to="/counter" replace />;
  if (hasRole(s, 'agent')) return <Navigate to="/work" replace />;
  if (hasRole(s, 'ops')) return <Navigate to="/operations" replace />;
  if (hasRole(s, 'admin')) return <Navigate to="/dead-letters" replace />;
  return <Navigate to="/search" replace />;
}

const STAFF = ['agent', 'clerk', 'supervisor'] as const;
/** Who watches operations and reads the reports (the ops-monitor's own rule). */
const OPERATIONS = ['supervisor', 'ops'] as const;
/** Who reads the dead letters (the ops-monitor's rule; only admins put them back). */
const DEAD_LETTERS = ['ops', 'admin'] as const;

export const router = createBrowserRouter([
  // The waiting-room display is public: a screen on the wall signs in as nobody.
  { path: '/display/:office', element: page(<Display />) },
  {
    path: '/',
    element: (
      <SignedIn>
        <Layout />
      </SignedIn>
    ),
    children: [
      { index: true, element: <Home /> },
      { path: 'work', element: <RequireRole roles={STAFF}>{page(<MyWork />)}</RequireRole> },
      { path: 'search', element: <RequireRole roles={STAFF}>{page(<Search />)}</RequireRole> },
      { path: 'cases/:reference', element: <RequireRole roles={STAFF}>{page(<CasePage />)}</RequireRole> },
      {
        path: 'citizens/:id',
        // Administrators too: they erase a record from there.
        element: <RequireRole roles={[...STAFF, 'admin']}>{page(<CitizenPage />)}</RequireRole>,
      },
      {
        path: 'call/:callId',
        element: <RequireRole roles={['agent', 'supervisor']}>{page(<CallPage />)}</RequireRole>,
      },
      { path: 'new-request', element: <RequireRole roles={STAFF}>{page(<NewRequest />)}</RequireRole> },
      {
        path: 'counter',
        element: <RequireRole roles={['clerk', 'supervisor']}>{page(<Counter />)}</RequireRole>,
      },
      {
        path: 'supervisor',
        element: <RequireRole roles={['supervisor']}>{page(<Supervisor />)}</RequireRole>,
      },
      {
        path: 'operations',
        element: <RequireRole roles={OPERATIONS}>{page(<Operations />)}</RequireRole>,
      },
      { path: 'reports', element: <RequireRole roles={OPERATIONS}>{page(<Reports />)}</RequireRole> },
      {
        path: 'dead-letters',
        element: <RequireRole roles={DEAD_LETTERS}>{page(<DeadLetters />)}</RequireRole>,
      },
      {
        path: 'ambitions',
        element: <RequireRole roles={['admin']}>{page(<Ambitions />)}</RequireRole>,
      },
      {
        path: 'job-queues',
        element: <RequireRole roles={['admin']}>{page(<JobQueues />)}</RequireRole>,
      },
      {
        path: 'retention',
        element: <RequireRole roles={['admin']}>{page(<Retention />)}</RequireRole>,
      },
      {
        path: 'cities',
        element: <RequireRole roles={['admin']}>{page(<Cities />)}</RequireRole>,
      },
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);

const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 2_000, retry: 1, refetchOnWindowFocus: true } },
});

export function App({ config }: { config: ConsoleConfig }) {
  const origin = window.location.origin;
  return (
    <AuthProvider
      authority={config.oidcAuthority}
      client_id={config.oidcClientId}
      redirect_uri={`${origin}/`}
      post_logout_redirect_uri={`${origin}/`}
      scope="openid profile"
      // A tab keeps its own sign-in; closing the browser ends it (shared counter PCs).
      userStore={new WebStorageStateStore({ store: window.sessionStorage })}
      automaticSilentRenew
      // The callback's ?code=&state= are spent: off the address bar (SignedIn then goes on to where
      // the person was going).
      onSigninCallback={() => void router.navigate('/', { replace: true })}
    >
      <TokenBridge />
      <ConfigContext value={config}>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </ConfigContext>
    </AuthProvider>
  );
}
