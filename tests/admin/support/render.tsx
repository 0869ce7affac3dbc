import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { DesignSystemProvider } from '@strapi/design-system';
import { IntlProvider } from 'react-intl';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import en from '../../../admin/src/translations/en';
import fr from '../../../admin/src/translations/fr';
import { getTranslation } from '../../../admin/src/utils/getTranslation';

const prefixed = (messages: Record<string, string>) =>
  Object.fromEntries(Object.entries(messages).map(([key, value]) => [getTranslation(key), value]));

export interface RenderOptions {
  /** The URL the page is shown at (default `/`). */
  url?: string;
  /** The route pattern the element is mounted on (default `*`), e.g. `/jobs/:jobId`. */
  path?: string;
  locale?: 'en' | 'fr';
}

/**
 * Renders an admin component the way the panel does: inside the design system's
 * provider, react-intl with the plugin's real messages, and a router.
 */
export function renderAdmin(
  ui: ReactElement,
  { url = '/', path = '*', locale = 'en' }: RenderOptions = {},
) {
  const messages = prefixed(locale === 'fr' ? fr : en);
  return render(
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
    </DesignSystemProvider>,
  );
}
