import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { getTranslation } from './getTranslation';

export type TranslationValues = Record<string, string | number | Date>;

/** `t('jobs.title')` → the plugin's message `sell-my-images.jobs.title` in the admin's locale. */
export function useT() {
  const { formatMessage } = useIntl();
  return useCallback(
    (id: string, values?: TranslationValues) =>
      formatMessage({ id: getTranslation(id), defaultMessage: id }, values),
    [formatMessage],
  );
}
