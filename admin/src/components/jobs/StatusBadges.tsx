import { Badge, type BadgeProps } from '@strapi/design-system';
import { useT } from '../../utils/useT';
import type { EmailStatus, JobStatus, PaymentStatus } from '../../../../shared/contracts/jobs';

type Variant = NonNullable<BadgeProps['variant']>;

const STATUS_VARIANT: Record<JobStatus, Variant> = {
  awaiting_payment: 'neutral',
  pending: 'secondary',
  processing: 'alternative',
  completed: 'success',
  failed: 'danger',
  abandoned: 'neutral',
};

const PAYMENT_VARIANT: Record<PaymentStatus, Variant> = {
  unpaid: 'neutral',
  paid: 'success',
  refunded: 'warning',
  partially_refunded: 'warning',
  failed: 'danger',
  disputed: 'danger',
};

const EMAIL_VARIANT: Record<EmailStatus, Variant> = {
  none: 'neutral',
  pending: 'secondary',
  retrying: 'warning',
  sent: 'success',
  failed: 'danger',
};

/** The job's status as a coloured badge; the text carries the meaning, the colour only helps. */
export const JobStatusBadge = ({ status }: { status: JobStatus }) => {
  const t = useT();
  return <Badge variant={STATUS_VARIANT[status] ?? 'neutral'}>{t(`jobs.status.${status}`)}</Badge>;
};

export const PaymentStatusBadge = ({ status }: { status: PaymentStatus }) => {
  const t = useT();
  return (
    <Badge variant={PAYMENT_VARIANT[status] ?? 'neutral'}>{t(`jobs.payment.${status}`)}</Badge>
  );
};

/** Where the job's latest customer e-mail stands (the mail outbox). */
export const EmailStatusBadge = ({ status }: { status: EmailStatus }) => {
  const t = useT();
  return <Badge variant={EMAIL_VARIANT[status] ?? 'neutral'}>{t(`jobs.email.${status}`)}</Badge>;
};
