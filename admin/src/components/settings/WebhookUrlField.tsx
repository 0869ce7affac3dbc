import { useState } from 'react';
import { Button, Field } from '@strapi/design-system';
import { Duplicate } from '@strapi/icons';
import { useT } from '../../utils/useT';

/** The endpoint to paste into Stripe, read-only, with a copy button. */
export const WebhookUrlField = ({ url }: { url: string }) => {
  const t = useT();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      // Without clipboard access (http, denied permission) the admin can still select the text.
      setCopied('failed');
    }
  };

  return (
    <Field.Root
      name="webhookUrl"
      hint={
        copied === 'yes'
          ? t('settings.webhook.copied')
          : copied === 'failed'
            ? t('settings.webhook.copyFailed')
            : t('settings.webhook.help')
      }
    >
      <Field.Label>{t('settings.webhook.title')}</Field.Label>
      <Field.Input
        value={url}
        readOnly
        onFocus={(event) => event.target.select()}
        endAction={
          <Button variant="tertiary" size="S" startIcon={<Duplicate />} onClick={copy}>
            {t('settings.webhook.copy')}
          </Button>
        }
      />
      <Field.Hint />
    </Field.Root>
  );
};
