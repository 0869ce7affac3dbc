import { useState } from 'react';
import { Badge, Button, Flex, Typography } from '@strapi/design-system';
import type { ConnectionTestAnswer } from '../../../../shared/contracts/settings-routes';
import { apiFailure } from '../../api/client';
import { useConnectionTest, type PreviewBody } from '../../api/settings';
import { useT } from '../../utils/useT';

interface ConnectionTestProps {
  /** `stripe` or `upscaler`: the route under /settings/test/. */
  target: 'stripe' | 'upscaler';
  /** What to test: values typed but not saved yet (empty = the saved ones). */
  body: PreviewBody;
}

type Outcome = { ok: boolean; text: string };

/**
 * "Test connection": one harmless call to the remote service with the key in the form.
 * Needs only settings.read, like the route; the verdict is announced politely.
 */
export const ConnectionTest = ({ target, body }: ConnectionTestProps) => {
  const t = useT();
  const { mutateAsync, isLoading: running } = useConnectionTest(target);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  /** The server's code, translated; its English message when the panel has no words for it. */
  const describe = (answer: ConnectionTestAnswer): string => {
    if (answer.ok) {
      if ('code' in answer && answer.code) return t(`settings.test.ok.${answer.code}`);
      return 'mode' in answer
        ? t('settings.test.ok.stripe', { mode: t(`settings.stripe.mode.${answer.mode}`) })
        : t('settings.test.ok.generic');
    }
    const id = `settings.test.error.${answer.code}`;
    const text = t(id);
    return text === id ? answer.message || t('settings.test.error.error') : text;
  };

  const run = async () => {
    setOutcome(null);
    try {
      const answer = await mutateAsync(body);
      setOutcome({ ok: answer.ok, text: describe(answer) });
    } catch (error) {
      const failure = apiFailure(error);
      const fieldMessages = Object.values(failure.fields);
      setOutcome({
        ok: false,
        text: fieldMessages.length ? fieldMessages.join(' ') : failure.message,
      });
    }
  };

  return (
    <Flex gap={3} alignItems="center" wrap="wrap">
      <Button variant="secondary" onClick={run} loading={running} disabled={running}>
        {t('settings.test.button')}
      </Button>
      <Flex gap={2} alignItems="center" role="status" aria-live="polite">
        {outcome ? (
          <>
            <Badge
              backgroundColor={outcome.ok ? 'success100' : 'danger100'}
              textColor={outcome.ok ? 'success700' : 'danger700'}
            >
              {outcome.ok ? t('settings.test.passed') : t('settings.test.failed')}
            </Badge>
            <Typography variant="pi" textColor={outcome.ok ? 'success700' : 'danger700'}>
              {outcome.text}
            </Typography>
          </>
        ) : null}
      </Flex>
    </Flex>
  );
};
