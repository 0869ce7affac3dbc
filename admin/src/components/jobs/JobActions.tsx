import { useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import type { ReactElement } from 'react';
import { ArrowClockwise, Link as LinkIcon, Mail, PriceTag } from '@strapi/icons';
import { Flex } from '@strapi/design-system';
import { PERMISSIONS } from '../../permissions';
import { API, apiFailure } from '../../utils/api';
import { useT } from '../../utils/useT';
import { ConfirmActionButton } from './ConfirmActionButton';
import type { JobAction, JobActionAnswer, JobDetailAnswer } from './types';

/** The API path segment and the RBAC flag of each action (retry covers resend and new link). */
const ACTION_SPEC: Record<
  JobAction,
  {
    path: string;
    permission: 'canRetry' | 'canRefund';
    icon: ReactElement;
    variant: 'secondary' | 'danger-light';
  }
> = {
  retry: { path: 'retry', permission: 'canRetry', icon: <ArrowClockwise />, variant: 'secondary' },
  resend: { path: 'resend', permission: 'canRetry', icon: <Mail />, variant: 'secondary' },
  newLink: { path: 'new-link', permission: 'canRetry', icon: <LinkIcon />, variant: 'secondary' },
  refund: { path: 'refund', permission: 'canRefund', icon: <PriceTag />, variant: 'danger-light' },
};

/** A module constant: the real useRBAC re-checks whenever it gets a new object. */
const ACTION_PERMISSIONS = { retry: PERMISSIONS.retryJobs, refund: PERMISSIONS.refundJobs };

interface Props {
  detail: JobDetailAnswer;
  /** Called after an action succeeded (or failed: the state may have moved meanwhile). */
  onDone: () => void;
}

/**
 * The job's action buttons: shown when the server says the job's state allows the action
 * AND the admin's role has the permission. The API checks both again (409 / 403).
 */
export const JobActions = ({ detail, onDone }: Props) => {
  const t = useT();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC(ACTION_PERMISSIONS);
  const { jobId } = detail.job;

  const run = (action: JobAction) => async () => {
    try {
      const { data } = await post<{ data: JobActionAnswer }>(
        `${API}/jobs/${encodeURIComponent(jobId)}/${ACTION_SPEC[action].path}`,
      );
      const already = action === 'refund' && data.data?.outcome === 'already_refunded';
      toggleNotification({
        type: already ? 'info' : 'success',
        message: t(already ? 'jobs.actions.refund.already' : `jobs.actions.${action}.success`),
      });
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: t('jobs.actions.failed', { message: apiFailure(error).message }),
      });
    }
    onDone();
  };

  const visible = (Object.keys(ACTION_SPEC) as JobAction[]).filter(
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
