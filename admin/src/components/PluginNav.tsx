import { SubNav } from '@strapi/strapi/admin';
import { PLUGIN_ID } from '../pluginId';
import { useT } from '../utils/useT';

/** The plugin's side navigation: overview, jobs, analytics, sellable media, settings. */
export const PluginNav = () => {
  const t = useT();
  const base = `/plugins/${PLUGIN_ID}`;
  return (
    <SubNav.Main aria-label={t('nav.title')}>
      <SubNav.Header label={t('nav.title')} />
      <SubNav.Sections>
        {[
          <SubNav.Section key="pages" label={t('nav.title')}>
            <SubNav.Link to={base} end label={t('nav.home')} />
            <SubNav.Link to={`${base}/jobs`} label={t('nav.jobs')} />
            <SubNav.Link to={`${base}/analytics`} label={t('nav.analytics')} />
            <SubNav.Link to={`${base}/media`} label={t('nav.media')} />
            <SubNav.Link to={`/settings/${PLUGIN_ID}`} label={t('nav.settings')} />
          </SubNav.Section>,
        ]}
      </SubNav.Sections>
    </SubNav.Main>
  );
};
