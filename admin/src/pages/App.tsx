import { lazy, Suspense } from 'react';
import { Layouts, Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { PERMISSIONS } from '../permissions';
import { PluginNav } from '../components/PluginNav';
import { HomePage } from './HomePage';

const JobsPage = lazy(() => import('./JobsPage'));
const JobDetailPage = lazy(() => import('./JobDetailPage'));
const AnalyticsPage = lazy(() => import('./AnalyticsPage'));
const MediaPage = lazy(() => import('./MediaPage'));

/** The plugin's pages under /admin/plugins/sell-my-images, each guarded by its own RBAC action. */
const App = () => (
  <Page.Protect permissions={PERMISSIONS.access}>
    <Layouts.Root sideNav={<PluginNav />}>
      <Suspense fallback={<Page.Loading />}>
        <Routes>
          <Route index element={<HomePage />} />
          <Route
            path="jobs"
            element={
              <Page.Protect permissions={PERMISSIONS.readJobs}>
                <JobsPage />
              </Page.Protect>
            }
          />
          <Route
            path="jobs/:jobId"
            element={
              <Page.Protect permissions={PERMISSIONS.readJobs}>
                <JobDetailPage />
              </Page.Protect>
            }
          />
          <Route
            path="analytics"
            element={
              <Page.Protect permissions={PERMISSIONS.readAnalytics}>
                <AnalyticsPage />
              </Page.Protect>
            }
          />
          <Route path="media" element={<MediaPage />} />
          <Route path="*" element={<Page.Error />} />
        </Routes>
      </Suspense>
    </Layouts.Root>
  </Page.Protect>
);

export default App;
