import { useState } from 'react';
import { Box, Button, Field, Flex, TextInput, Typography } from '@strapi/design-system';
import { Mail } from '@strapi/icons';
import type { TestEmailAnswer } from '../../../../shared/contracts/setup';
import { apiFailure } from '../../api/client';
import { useSendTestEmail } from '../../api/setup';
import { useT } from '../../utils/useT';

/**
 * "Send test e-mail": sends through the site's e-mail provider the way download links go,
 * to the address typed or, left empty, to the signed-in admin; says what the provider said.
 */
export const TestEmailForm = () => {
  const t = useT();
  const [to, setTo] = useState('');
  const [answer, setAnswer] = useState<TestEmailAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const send = useSendTestEmail();

  const run = async () => {
    setAnswer(null);
    setError(null);
    try {
      setAnswer(await send.mutateAsync(to.trim() ? { to: to.trim() } : {}));
    } catch (failure) {
      const { fields, message } = apiFailure(failure);
      setError(fields.to ?? message);
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={2} paddingTop={1}>
      <Flex gap={2} alignItems="flex-end" wrap="wrap">
        <Box style={{ minWidth: '24rem' }}>
          <Field.Root name="testEmailTo" error={error ?? undefined}>
            <Field.Label>{t('setup.email.testTo')}</Field.Label>
            <TextInput
              type="email"
              placeholder={t('setup.email.testToPlaceholder')}
              value={to}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) => setTo(event.target.value)}
            />
            <Field.Error />
          </Field.Root>
        </Box>
        {/* size L: as tall as the text input beside it. */}
        <Button
          variant="secondary"
          size="L"
          startIcon={<Mail />}
          loading={send.isLoading}
          onClick={() => void run()}
        >
          {t('setup.email.test')}
        </Button>
      </Flex>
      <Box role="status" aria-live="polite">
        {answer ? (
          <Typography variant="pi" textColor={answer.ok ? 'success700' : 'danger700'}>
            {answer.ok
              ? t('setup.email.sent', { to: answer.to })
              : t('setup.email.refused', { to: answer.to, message: answer.message })}
          </Typography>
        ) : null}
      </Box>
    </Flex>
  );
};
