import { lazy, Suspense, type ComponentType } from 'react';
import { Layouts, Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { PERMISSIONS } from '../permissions';
import { PluginNav } from '../components/PluginNav';
import { HomePage } from './HomePage';

interface PluginRoute {
  path: string;
  Screen: ComponentType;
  /** What the page needs beyond the plugin's `read` (checked by the route). */
  permissions?: (typeof PERMISSIONS)[keyof typeof PERMISSIONS];
}

const JobsPage = lazy(() => import('./JobsPage'));
const JobDetailPage = lazy(() => import('./JobDetailPage'));
const AnalyticsPage = lazy(() => import('./AnalyticsPage'));
const MediaPage = lazy(() => import('./MediaPage'));
const PrivacyPage = lazy(() => import('./PrivacyPage'));
const EmailsPage = lazy(() => import('./EmailsPage'));

/** The pages under /admin/plugins/sell-my-images; the media page checks media.update itself. */
const ROUTES: PluginRoute[] = [
  { path: 'jobs', Screen: JobsPage, permissions: PERMISSIONS.readJobs },
  { path: 'jobs/:jobId', Screen: JobDetailPage, permissions: PERMISSIONS.readJobs },
  { path: 'analytics', Screen: AnalyticsPage, permissions: PERMISSIONS.readAnalytics },
  { path: 'media', Screen: MediaPage },
  { path: 'privacy', Screen: PrivacyPage, permissions: PERMISSIONS.managePrivacy },
  { path: 'emails', Screen: EmailsPage, permissions: PERMISSIONS.readSettings },
];

/** The plugin's pages, each guarded by its own RBAC action. */
const App = () => (
  <Page.Protect permissions={PERMISSIONS.access}>
    <Layouts.Root sideNav={<PluginNav />}>
      <Suspense fallback={<Page.Loading />}>
        <Routes>
          <Route index element={<HomePage />} />
          {ROUTES.map(({ path, Screen, permissions }) => (
            <Route
              key={path}
              path={path}
              element={
                permissions ? (
                  <Page.Protect permissions={permissions}>
                    <Screen />
                  </Page.Protect>
                ) : (
                  <Screen />
                )
              }
            />
          ))}
          <Route path="*" element={<Page.Error />} />
        </Routes>
      </Suspense>
    </Layouts.Root>
  </Page.Protect>
);

export default App;
