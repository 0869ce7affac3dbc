import type { ReactNode } from 'react';
import { Layouts } from '@strapi/strapi/admin';
import { useT } from '../../utils/useT';

/** The settings page's title, with the form's save button once the form is shown. */
export const SettingsHeader = ({ saveButton }: { saveButton?: ReactNode }) => {
  const t = useT();
  return (
    <Layouts.Header
      title={t('settings.title')}
      subtitle={t('settings.subtitle')}
      primaryAction={saveButton}
    />
  );
};
