import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import type { JobMail, MailStatus } from '../../../../shared/contracts/jobs';
import { useT } from '../../utils/useT';
import { useFormat } from './useFormat';

const VARIANT: Record<MailStatus, 'secondary' | 'success' | 'danger' | 'neutral'> = {
  pending: 'secondary',
  sent: 'success',
  failed: 'danger',
  cancelled: 'neutral',
};

/**
 * The job's customer e-mails in the outbox, newest first: what each was, where it stands,
 * how many tries it took, its last error and, while it waits, its next try.
 */
export const JobMails = ({ mails }: { mails: JobMail[] }) => {
  const t = useT();
  const format = useFormat();
  if (!mails.length) return <Typography textColor="neutral600">{t('jobs.mails.empty')}</Typography>;
  return (
    <Box tag="ol" aria-label={t('jobs.mails.title')} style={{ listStyle: 'none', padding: 0 }}>
      {mails.map((mail) => {
        const retrying = mail.status === 'pending' && mail.attempts > 0;
        return (
          <Box tag="li" key={mail.id} paddingBottom={3}>
            <Flex direction="column" alignItems="flex-start" gap={1}>
              <Flex gap={2}>
                <Typography fontWeight="bold" textColor="neutral800">
                  {t(`jobs.mails.kind.${mail.kind}`)}
                </Typography>
                <Badge variant={retrying ? 'warning' : VARIANT[mail.status]}>
                  {t(retrying ? 'jobs.email.retrying' : `jobs.mails.status.${mail.status}`)}
                </Badge>
              </Flex>
              <Typography variant="pi" textColor="neutral600">
                {t('jobs.mails.meta', {
                  at: format.dateTime(mail.sentAt ?? mail.createdAt),
                  attempts: mail.attempts,
                })}
              </Typography>
              {mail.status === 'pending' && mail.nextAttemptAt ? (
                <Typography variant="pi" textColor="neutral600">
                  {t('jobs.mails.next', { at: format.dateTime(mail.nextAttemptAt) })}
                </Typography>
              ) : null}
              {mail.lastError ? (
                <Typography variant="pi" textColor="danger600">
                  {t('jobs.mails.error', { error: mail.lastError })}
                </Typography>
              ) : null}
            </Flex>
          </Box>
        );
      })}
    </Box>
  );
};
