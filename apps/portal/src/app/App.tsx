import { lazy, Suspense, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { Loading } from '@city/web-kit';
import { CitizenAuthProvider } from '../shared/auth/citizen-auth';
import { ConfigContext, type PortalConfig } from './config';
import { Layout } from './Layout';

// Each screen its own chunk: following a request never loads the report form.
const FindService = lazy(() => import('../features/find-service/FindServicePage'));
const Report = lazy(() => import('../features/report/ReportPage'));
const Follow = lazy(() => import('../features/follow/FollowPage'));
const MyRequests = lazy(() => import('../features/my-requests/MyRequestsPage'));
const Survey = lazy(() => import('../features/satisfaction/SurveyPage'));
// Kiosk mode: its own frame and chunks (the citizen's first screen carries none of it).
const Kiosk = lazy(() => import('../features/kiosk/KioskApp'));

const page = (node: ReactNode) => <Suspense fallback={<Loading />}>{node}</Suspense>;

const router = createBrowserRouter([
  { path: '/kiosk/*', element: page(<Kiosk />) },
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: page(<FindService />) },
      { path: 'report/:code', element: page(<Report />) },
      { path: 'track', element: page(<Follow />) },
      // Every acknowledgement's trackUrl: the reference in the address, the second factor asked for.
      { path: 'track/:reference', element: page(<Follow />) },
      // A signed-in citizen's own requests (signing in is optional everywhere else).
      { path: 'me', element: page(<MyRequests />) },
      // The satisfaction question's emailed link: its signed token is the credential.
      { path: 'survey/:token', element: page(<Survey />) },
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1 } } });

export function App({ config }: { config: PortalConfig }) {
  return (
    <ConfigContext value={config}>
      <CitizenAuthProvider onReturn={(path) => void router.navigate(path, { replace: true })}>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </CitizenAuthProvider>
    </ConfigContext>
  );
}
