import { useNotification, useRBAC } from '@strapi/strapi/admin';
import type { ReactElement } from 'react';
import { ArrowClockwise, Link as LinkIcon, Mail, PriceTag } from '@strapi/icons';
import { Flex } from '@strapi/design-system';
import {
  JOB_ACTIONS,
  type JobAction,
  type JobDetailAnswer,
} from '../../../../shared/contracts/jobs';
import { apiFailure } from '../../api/client';
import { useJobAction } from '../../api/jobs';
import { PERMISSIONS } from '../../permissions';
import { useT } from '../../utils/useT';
import { ConfirmActionButton } from './ConfirmActionButton';

/** The RBAC flag of each action (`jobs.retry` covers resend and new link), its icon and look. */
const ACTION_SPEC: Record<
  JobAction,
  {
    permission: 'canRetry' | 'canRefund';
    icon: ReactElement;
    variant: 'secondary' | 'danger-light';
  }
> = {
  retry: { permission: 'canRetry', icon: <ArrowClockwise />, variant: 'secondary' },
  resend: { permission: 'canRetry', icon: <Mail />, variant: 'secondary' },
  newLink: { permission: 'canRetry', icon: <LinkIcon />, variant: 'secondary' },
  refund: { permission: 'canRefund', icon: <PriceTag />, variant: 'danger-light' },
};

/** `plugin::sell-my-images.jobs.retry` → `canRetry`, `….jobs.refund` → `canRefund`. */
const ACTION_PERMISSIONS = [...PERMISSIONS.retryJobs, ...PERMISSIONS.refundJobs];

/**
 * The job's action buttons: shown when the server says the job's state allows the action
 * AND the admin's role has the permission. The API checks both again (409 / 403).
 */
export const JobActions = ({ detail }: { detail: JobDetailAnswer }) => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC(ACTION_PERMISSIONS);
  const { mutateAsync } = useJobAction(detail.job.jobId);

  // The job is read again afterwards, whatever the outcome (see useJobAction).
  const run = (action: JobAction) => async () => {
    try {
      const answer = await mutateAsync(action);
      const already = action === 'refund' && answer.outcome === 'already_refunded';
      // The mail provider refused it: the outbox tries again, the action itself succeeded.
      const queued = answer.mail === 'retrying';
      toggleNotification({
        type: already || queued ? 'info' : 'success',
        message: t(
          already
            ? 'jobs.actions.refund.already'
            : queued
              ? 'jobs.actions.mailQueued'
              : `jobs.actions.${action}.success`,
        ),
      });
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: t('jobs.actions.failed', { message: apiFailure(error).message }),
      });
    }
  };

  const visible = JOB_ACTIONS.filter(
    (action) => detail.actions[action] && allowedActions[ACTION_SPEC[action].permission],
  );
  if (!visible.length) return null;

  return (
    <Flex gap={2} wrap="wrap">
      {visible.map((action) => (
        <ConfirmActionButton
          key={action}
          label={t(`jobs.actions.${action}.button`)}
          icon={ACTION_SPEC[action].icon}
          variant={ACTION_SPEC[action].variant}
          title={t(`jobs.actions.${action}.title`)}
          description={t(`jobs.actions.${action}.description`, { email: detail.job.email ?? '' })}
          confirmLabel={t(`jobs.actions.${action}.confirm`)}
          cancelLabel={t('jobs.actions.cancel')}
          onConfirm={run(action)}
        />
      ))}
    </Flex>
  );
};
