import { SubNav, useRBAC } from '@strapi/strapi/admin';
import { PERMISSIONS } from '../permissions';
import { PLUGIN_ID } from '../pluginId';
import { useT } from '../utils/useT';

/** The plugin's side navigation: overview, jobs, analytics, sellable media, customer e-mails, privacy, settings. */
export const PluginNav = () => {
  const t = useT();
  const base = `/plugins/${PLUGIN_ID}`;
  // The privacy page is for few admins: the others do not see its link.
  const { allowedActions } = useRBAC(PERMISSIONS.managePrivacy);
  // `plugin::sell-my-images.privacy.manage` → `canManage`.
  const canManagePrivacy = Boolean(allowedActions.canManage);
  // The customer e-mails are settings: shown to those who may read them.
  const settingsAccess = useRBAC(PERMISSIONS.readSettings);
  const canReadSettings = Boolean(settingsAccess.allowedActions.canRead);
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
            {canReadSettings ? <SubNav.Link to={`${base}/emails`} label={t('nav.emails')} /> : null}
            {canManagePrivacy ? (
              <SubNav.Link to={`${base}/privacy`} label={t('nav.privacy')} />
            ) : null}
            <SubNav.Link to={`/settings/${PLUGIN_ID}`} label={t('nav.settings')} />
          </SubNav.Section>,
        ]}
      </SubNav.Sections>
    </SubNav.Main>
  );
};
