import { useEffect, useState, type ReactNode } from 'react';
import { Box, Flex, Grid, Typography } from '@strapi/design-system';
import type { AdminJob } from '../../../../shared/contracts/jobs';
import { useT } from '../../utils/useT';
import { durationParts } from '../settings/duration';
import { JobSection } from './JobSection';
import { JobStatusBadge, PaymentStatusBadge } from './StatusBadges';
import { Thumbnail } from './Thumbnail';
import { useFormat } from './useFormat';

type Kind = 'text' | 'code' | 'date' | 'count';

/** The detail view's groups and the job fields in each, in reading order. */
const GROUPS: Array<{ key: string; fields: Array<[field: keyof AdminJob, kind: Kind]> }> = [
  {
    key: 'customer',
    fields: [
      ['email', 'text'],
      ['sourcePage', 'code'],
      ['returnUrl', 'code'],
      ['emailPurgedAt', 'date'],
    ],
  },
  {
    key: 'payment',
    fields: [
      ['stripeCheckoutSessionId', 'code'],
      ['stripePaymentIntentId', 'code'],
      ['stripeRefundId', 'code'],
      ['refundFailures', 'count'],
      ['stripeDisputeId', 'code'],
      ['fraudWarningAt', 'date'],
      ['paidAt', 'date'],
      ['refundedAt', 'date'],
      ['abandonedAt', 'date'],
    ],
  },
  {
    key: 'image',
    fields: [
      ['fileName', 'text'],
      ['fileId', 'code'],
      ['fileDocumentId', 'code'],
      ['sourceUrl', 'code'],
      ['resolution', 'text'],
    ],
  },
  {
    key: 'processing',
    fields: [
      ['upscaler', 'text'],
      ['upscalerJobId', 'code'],
      ['credits', 'count'],
      ['attempts', 'count'],
      ['progress', 'count'],
      ['nextAttemptAt', 'date'],
      ['leaseExpiresAt', 'date'],
      ['processingStartedAt', 'date'],
      ['callbackReceivedAt', 'date'],
      ['completedAt', 'date'],
      ['failedAt', 'date'],
      ['errorCode', 'code'],
      ['errorMessage', 'text'],
    ],
  },
  {
    key: 'delivery',
    fields: [
      ['emailedAt', 'date'],
      ['downloadExpiresAt', 'date'],
      ['downloadCount', 'count'],
      ['lastDownloadAt', 'date'],
      ['reminderSentAt', 'date'],
      ['failureEmailSentAt', 'date'],
      ['storedFileKey', 'code'],
      ['storedFileBytes', 'count'],
      ['fileExpiredAt', 'date'],
    ],
  },
];

const isEmpty = (value: unknown) => value === null || value === undefined || value === '';

/** One labelled value; empty ones show a dash so every field of the job is visible. */
export const Item = ({ label, children }: { label: string; children: ReactNode }) => (
  <Grid.Item col={6} s={12} direction="column" alignItems="flex-start" gap={1}>
    <Typography tag="dt" variant="sigma" textColor="neutral600">
      {label}
    </Typography>
    <Typography tag="dd" textColor="neutral800" style={{ margin: 0, overflowWrap: 'anywhere' }}>
      {children}
    </Typography>
  </Grid.Item>
);

/** Re-renders every few seconds while mounted, so relative times ("5 s ago") stay true. */
function useClock(active: boolean, everyMs = 5000): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => setTick((value) => value + 1), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs]);
  return Date.now();
}

/** A processing job's reported progress (local-ai: tiles): a bar, "12 of 40 tiles (30 %)", and how fresh it is. */
const Progress = ({ job }: { job: AdminJob }) => {
  const t = useT();
  const format = useFormat();
  const total = job.progressTotal ?? 0;
  const done = Math.min(job.progressDone ?? 0, total);
  const percent =
    typeof job.progress === 'number' ? job.progress : Math.floor((done * 100) / total);
  const updatedAt = job.progressUpdatedAt ? Date.parse(job.progressUpdatedAt) : Number.NaN;
  const now = useClock(!Number.isNaN(updatedAt));
  const label = t('jobs.progress.tiles', {
    done: format.number(done),
    total: format.number(total),
    percent: format.number(percent),
  });
  let updated: string | null = null;
  if (!Number.isNaN(updatedAt)) {
    const parts = durationParts(Math.max(0, (now - updatedAt) / 1000));
    updated = t('jobs.progress.updated', { time: t(`jobs.duration.${parts.unit}`, parts) });
  }
  return (
    <Grid.Item col={12} direction="column" alignItems="stretch" gap={1}>
      <Typography tag="dt" variant="sigma" textColor="neutral600">
        {t('jobs.progress.label')}
      </Typography>
      <Box tag="dd" style={{ margin: 0 }}>
        <Flex direction="column" alignItems="stretch" gap={2}>
          {/* The design system's ProgressBar is drawn for dark overlays (a light fill on a dark track): a panel bar here. */}
          <Box
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-valuetext={label}
            aria-label={t('jobs.progress.label')}
            background="primary100"
            hasRadius
            height="0.75rem"
            overflow="hidden"
            borderColor="primary200"
            borderStyle="solid"
            borderWidth="1px"
          >
            <Box
              background="primary600"
              height="100%"
              style={{ width: `${percent}%`, transition: 'width 0.4s ease' }}
            />
          </Box>
          <Typography textColor="neutral800">{label}</Typography>
          {updated ? (
            <Typography variant="pi" textColor="neutral600">
              {updated}
            </Typography>
          ) : null}
        </Flex>
      </Box>
    </Grid.Item>
  );
};

export const Group = ({
  title,
  media,
  children,
}: {
  title: string;
  media?: ReactNode;
  children: ReactNode;
}) => (
  <JobSection title={title}>
    {media ? <Box paddingTop={4}>{media}</Box> : null}
    <Grid.Root tag="dl" gap={4} paddingTop={4}>
      {children}
    </Grid.Root>
  </JobSection>
);

/** Every field of a job, grouped: customer, payment, image, processing, delivery. */
export const JobFields = ({ job }: { job: AdminJob }) => {
  const t = useT();
  const format = useFormat();
  const dimensions = (w: unknown, h: unknown) =>
    typeof w === 'number' && typeof h === 'number'
      ? t('jobs.value.dimensions', { width: w, height: h })
      : '—';

  const render = (value: unknown, kind: Kind): ReactNode => {
    if (isEmpty(value)) return '—';
    if (kind === 'date') return format.dateTime(value);
    if (kind === 'count') return format.number(Number(value));
    if (kind === 'code') return <span style={{ fontFamily: 'monospace' }}>{String(value)}</span>;
    return String(value);
  };

  // Fields that need more than a plain rendering, placed at the top of their group.
  const extra: Record<string, ReactNode> = {
    payment: (
      <>
        <Item label={t('jobs.field.status')}>
          <JobStatusBadge status={job.status} />
        </Item>
        <Item label={t('jobs.field.paymentStatus')}>
          <PaymentStatusBadge status={job.paymentStatus} />
        </Item>
        <Item label={t('jobs.field.amount')}>{format.money(job.amount, job.currency) || '—'}</Item>
        <Item label={t('jobs.field.amountRefunded')}>
          {job.amountRefunded ? format.money(job.amountRefunded, job.currency) : '—'}
        </Item>
      </>
    ),
    image: (
      <>
        <Item label={t('jobs.field.scale')}>{render(job.scale, 'count')}</Item>
        <Item label={t('jobs.field.originalSize')}>
          {dimensions(job.originalWidth, job.originalHeight)}
        </Item>
        <Item label={t('jobs.field.outputSize')}>
          {dimensions(job.outputWidth, job.outputHeight)}
        </Item>
      </>
    ),
    processing: (
      <>
        {job.status === 'processing' &&
        typeof job.progressTotal === 'number' &&
        job.progressTotal > 0 ? (
          <Progress job={job} />
        ) : null}
        {isEmpty(job.upscalerDetail) ? null : (
          <Item label={t('jobs.field.upscalerDetail')}>{String(job.upscalerDetail)}</Item>
        )}
        <Item label={t('jobs.field.cost')}>
          {format.money(job.costAmount, job.currency) || '—'}
        </Item>
      </>
    ),
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {GROUPS.map((group) => (
        <Group
          key={group.key}
          title={t(`jobs.group.${group.key}`)}
          media={
            group.key === 'image' ? (
              <Thumbnail url={job.thumbnailUrl} alt={job.fileName ?? ''} size={96} />
            ) : undefined
          }
        >
          {extra[group.key]}
          {group.fields.map(([field, kind]) => (
            <Item key={field} label={t(`jobs.field.${field}`)}>
              {render(job[field], kind)}
            </Item>
          ))}
        </Group>
      ))}
      <Group title={t('jobs.group.record')}>
        <Item label={t('jobs.field.jobId')}>{render(job.jobId, 'code')}</Item>
        <Item label={t('jobs.field.createdAt')}>{render(job.createdAt, 'date')}</Item>
        <Item label={t('jobs.field.updatedAt')}>{render(job.updatedAt, 'date')}</Item>
      </Group>
    </Flex>
  );
};
