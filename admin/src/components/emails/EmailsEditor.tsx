import { useMemo, useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
} from '@strapi/design-system';
import { ArrowClockwise, Check } from '@strapi/icons';
import { Layouts, useNotification } from '@strapi/strapi/admin';
import {
  CUSTOMER_EMAIL_KINDS,
  EMAIL_LANGUAGES,
  type CustomerEmailKind,
  type EmailLanguage,
} from '../../../../shared/contracts/email-templates';
import type { SettingsAnswer } from '../../../../shared/contracts/settings-routes';
import { templateProblems } from '../../../../shared/email-placeholders';
import { renderEmail } from '../../../../shared/email-rendering';
import { apiFailure, type FieldErrors } from '../../api/client';
import { useSaveSettings } from '../../api/settings';
import { useT } from '../../utils/useT';
import { EmailPreview } from './EmailPreview';
import { EmailTemplateFields } from './EmailTemplateFields';
import { sampleValues } from './sample';
import { useEmailDrafts, withTemplate, type EmailChoice } from './useEmailDrafts';

interface Props {
  answer: SettingsAnswer;
  canUpdate: boolean;
}

/**
 * Customer e-mails: pick a language and an e-mail, edit its subject and body, see it as the
 * buyer will (the server's renderer with sample values), save it or go back to the default.
 */
export const EmailsEditor = ({ answer, canUpdate }: Props) => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const save = useSaveSettings();
  const saved = answer.settings.emailTemplates ?? {};
  const drafts = useEmailDrafts(saved);
  const [choice, setChoice] = useState<EmailChoice>({ language: 'en', kind: 'link' });
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const value = drafts.current(choice);

  const problems = {
    subject: templateProblems(value.subject, choice.kind)[0],
    body: templateProblems(value.body, choice.kind)[0],
  };
  const prefix = `emailTemplates.${choice.language}.${choice.kind}`;
  const errors = {
    subject: problems.subject ?? serverErrors[`${prefix}.subject`],
    body: problems.body ?? serverErrors[`${prefix}.body`],
  };
  const empty = value.subject.trim() === '' || value.body.trim() === '';
  const valid = !problems.subject && !problems.body && !empty;

  const { settings } = answer;
  const preview = useMemo(
    () =>
      valid
        ? renderEmail(value, sampleValues(choice.language, choice.kind, settings), choice.language)
        : null,
    [valid, value, choice, settings],
  );

  const store = async (template: typeof value | null, done: string) => {
    setServerErrors({});
    try {
      await save.mutateAsync({ emailTemplates: withTemplate(saved, choice, template) });
      drafts.forget(choice);
      toggleNotification({ type: 'success', message: t(done) });
    } catch (failure) {
      const { message, fields } = apiFailure(failure);
      setServerErrors(fields);
      toggleNotification({ type: 'danger', message: t('emails.saveFailed', { message }) });
    }
  };

  const dirty = drafts.isDirty(choice);
  return (
    <>
      <Layouts.Header
        title={t('emails.title')}
        subtitle={t('emails.subtitle')}
        primaryAction={
          <Flex gap={2}>
            <Button
              variant="tertiary"
              startIcon={<ArrowClockwise />}
              disabled={!canUpdate || save.isLoading || (!drafts.isCustom(choice) && !dirty)}
              onClick={() => void store(null, 'emails.resetDone')}
            >
              {t('emails.reset')}
            </Button>
            <Button
              startIcon={<Check />}
              disabled={!canUpdate || !dirty || !valid}
              loading={save.isLoading}
              onClick={() => void store(value, 'emails.saved')}
            >
              {t('emails.save')}
            </Button>
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Flex gap={4} alignItems="flex-end" wrap="wrap">
            <Field.Root name="language" width="200px">
              <Field.Label>{t('emails.language')}</Field.Label>
              <SingleSelect
                value={choice.language}
                onChange={(language) =>
                  setChoice({ ...choice, language: String(language) as EmailLanguage })
                }
              >
                {EMAIL_LANGUAGES.map((language) => (
                  <SingleSelectOption key={language} value={language}>
                    {t(`emails.language.${language}`)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
            <Field.Root name="kind" width="280px">
              <Field.Label>{t('emails.kind')}</Field.Label>
              <SingleSelect
                value={choice.kind}
                onChange={(kind) =>
                  setChoice({ ...choice, kind: String(kind) as CustomerEmailKind })
                }
              >
                {CUSTOMER_EMAIL_KINDS.map((kind) => (
                  <SingleSelectOption key={kind} value={kind}>
                    {t(`emails.kind.${kind}`)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
            <Box paddingBottom={2}>
              {dirty ? (
                <Badge>{t('emails.unsaved')}</Badge>
              ) : drafts.isCustom(choice) ? (
                <Badge>{t('emails.custom')}</Badge>
              ) : (
                <Badge>{t('emails.default')}</Badge>
              )}
            </Box>
          </Flex>
          <Grid.Root gap={6}>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius width="100%">
                <EmailTemplateFields
                  kind={choice.kind}
                  value={value}
                  errors={errors}
                  disabled={!canUpdate}
                  onChange={(template) => drafts.edit(choice, template)}
                />
              </Box>
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius width="100%">
                <EmailPreview mail={preview} />
              </Box>
            </Grid.Item>
          </Grid.Root>
        </Flex>
      </Layouts.Content>
    </>
  );
};
