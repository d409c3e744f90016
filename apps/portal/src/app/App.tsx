import { lazy, Suspense, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { Loading } from '@city/web-kit';
import { ConfigContext, type PortalConfig } from './config';
import { Layout } from './Layout';

// Each screen its own chunk: following a request never loads the report form.
const FindService = lazy(() => import('../features/find-service/FindServicePage'));
const Report = lazy(() => import('../features/report/ReportPage'));
const Follow = lazy(() => import('../features/follow/FollowPage'));

const page = (node: ReactNode) => <Suspense fallback={<Loading />}>{node}</Suspense>;

const router = createBrowserRouter([
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: page(<FindService />) },
      { path: 'report/:code', element: page(<Report />) },
      { path: 'track', element: page(<Follow />) },
      // Every acknowledgement's trackUrl: the reference in the address, the second factor asked for.
      { path: 'track/:reference', element: page(<Follow />) },
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1 } } });

export function App({ config }: { config: PortalConfig }) {
  return (
    <ConfigContext value={config}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ConfigContext>
  );
}
