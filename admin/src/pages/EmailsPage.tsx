import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { useSettings } from '../api/settings';
import { EmailsEditor } from '../components/emails/EmailsEditor';
import { LoadState } from '../components/LoadState';
import { PERMISSIONS } from '../permissions';
import { useT } from '../utils/useT';

/** Customer e-mails (README "Customer e-mails"): settings.read to see, settings.update to save. */
const EmailsPage = () => {
  const t = useT();
  const { allowedActions } = useRBAC(PERMISSIONS.updateSettings);
  const settings = useSettings();
  return (
    <Page.Main>
      <Page.Title>{t('emails.title')}</Page.Title>
      {settings.data ? (
        <EmailsEditor answer={settings.data} canUpdate={Boolean(allowedActions.canUpdate)} />
      ) : (
        <>
          <Layouts.Header title={t('emails.title')} subtitle={t('emails.subtitle')} />
          <Layouts.Content>
            <LoadState
              query={settings}
              errorMessage="settings.loadFailed"
              loadingMessage="common.loading"
            />
          </Layouts.Content>
        </>
      )}
    </Page.Main>
  );
};

export default EmailsPage;
