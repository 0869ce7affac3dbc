import { useState } from 'react';
import { Button, Field, Typography } from '@strapi/design-system';
import { Duplicate } from '@strapi/icons';
import { useT } from '../utils/useT';

/**
 * A command to run in a terminal (the `stripe listen` of local testing), read-only and
 * selected on focus, with a Copy button and what the owner does with it.
 */
export const CommandField = ({ command, notice }: { command: string; notice?: string }) => {
  const t = useT();
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(command);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Field.Root
      name="stripeListenCommand"
      hint={
        copied === true
          ? t('settings.webhook.copied')
          : copied === false
            ? t('settings.webhook.copyFailed')
            : t('settings.webhook.setup.listenHelp')
      }
    >
      {notice ? (
        <Typography variant="pi" textColor="warning700">
          {notice}
        </Typography>
      ) : null}
      <Field.Label>{t('settings.webhook.setup.listenLabel')}</Field.Label>
      <Field.Input
        value={command}
        readOnly
        onFocus={(event: React.FocusEvent<HTMLInputElement>) => event.target.select()}
        endAction={
          <Button variant="tertiary" size="S" startIcon={<Duplicate />} onClick={() => void copy()}>
            {t('settings.webhook.copy')}
          </Button>
        }
      />
      <Field.Hint />
    </Field.Root>
  );
};
