import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { DesignSystemProvider } from '@strapi/design-system';
import { IntlProvider } from 'react-intl';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { QueryClient, QueryClientProvider } from 'react-query';
import en from '../../../admin/src/translations/en';
import fr from '../../../admin/src/translations/fr';
import { getTranslation } from '../../../admin/src/utils/getTranslation';

const prefixed = (messages: Record<string, string>) =>
  Object.fromEntries(Object.entries(messages).map(([key, value]) => [getTranslation(key), value]));

const clients: QueryClient[] = [];

/**
 * A query client like the one Strapi's admin mounts (no refetch on window focus), with
 * retries off so a failure shows at once; its cache is thrown away after each test.
 */
export function testQueryClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
  clients.push(client);
  return client;
}

afterEach(() => {
  for (const client of clients.splice(0)) client.clear();
});

export interface RenderOptions {
  /** The URL the page is shown at (default `/`). */
  url?: string;
  /** The route pattern the element is mounted on (default `*`), e.g. `/jobs/:jobId`. */
  path?: string;
  locale?: 'en' | 'fr';
  /** The react-query client (default: a fresh one per render). */
  queryClient?: QueryClient;
}

/**
 * Renders an admin component the way the panel does: inside react-query's provider, the
 * design system's provider, react-intl with the plugin's real messages, and a router.
 */
export function renderAdmin(
  ui: ReactElement,
  { url = '/', path = '*', locale = 'en', queryClient = testQueryClient() }: RenderOptions = {},
) {
  const messages = prefixed(locale === 'fr' ? fr : en);
  return render(
    <QueryClientProvider client={queryClient}>
      <DesignSystemProvider locale={locale}>
        <IntlProvider
          locale={locale}
          messages={messages}
          defaultLocale="en"
          onError={() => undefined}
        >
          <MemoryRouter
            initialEntries={[url]}
            future={{ v7_startTransition: true, v7_relativeSplatPath: true }}
          >
            <Routes>
              <Route path={path} element={ui} />
            </Routes>
          </MemoryRouter>
        </IntlProvider>
      </DesignSystemProvider>
    </QueryClientProvider>,
  );
}
