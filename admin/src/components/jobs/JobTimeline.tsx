import { Box, Flex, Typography } from '@strapi/design-system';
import type { JobTransition } from '../../../../shared/contracts/jobs';
import { useT } from '../../utils/useT';
import { useFormat } from './useFormat';

/** `admin:3` → "Admin #3"; `stripe`, `worker`, `system` → their translated names; else as is. */
function useActorName() {
  const t = useT();
  return (actor: string | null) => {
    if (!actor) return t('jobs.actor.unknown');
    const admin = /^admin:(.+)$/.exec(actor);
    if (admin) return t('jobs.actor.admin', { id: admin[1] });
    return ['stripe', 'worker', 'system', 'visitor'].includes(actor)
      ? t(`jobs.actor.${actor}`)
      : actor;
  };
}

/** Translated status name; the timeline stores plain strings, so unknown ones show as stored. */
function useStatusName() {
  const t = useT();
  return (status: string) => {
    const name = t(`jobs.status.${status}`);
    return name === `jobs.status.${status}` ? status : name;
  };
}

/**
 * Every state change of the job, oldest first: from → to, when, who and why. A row whose
 * status did not change is a payment change (refund) or a new download link.
 */
export const JobTimeline = ({ timeline }: { timeline: JobTransition[] }) => {
  const t = useT();
  const format = useFormat();
  const actorName = useActorName();
  const statusName = useStatusName();
  if (!timeline.length)
    return <Typography textColor="neutral600">{t('jobs.timeline.empty')}</Typography>;
  return (
    <Box
      tag="ol"
      aria-label={t('jobs.timeline.title')}
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
    >
      {timeline.map((entry, index) => {
        const change = !entry.fromStatus
          ? t('jobs.timeline.created', { to: statusName(entry.toStatus) })
          : entry.fromStatus === entry.toStatus
            ? t('jobs.timeline.unchanged', { status: statusName(entry.toStatus) })
            : t('jobs.timeline.moved', {
                from: statusName(entry.fromStatus),
                to: statusName(entry.toStatus),
              });
        return (
          <Box
            tag="li"
            key={entry.id ?? index}
            paddingBottom={3}
            paddingLeft={4}
            borderColor="neutral200"
            borderStyle="solid"
            borderWidth="0 0 0 2px"
          >
            <Flex direction="column" alignItems="flex-start" gap={1}>
              <Typography fontWeight="bold" textColor="neutral800">
                {change}
              </Typography>
              <Typography variant="pi" textColor="neutral600">
                {t('jobs.timeline.meta', {
                  at: format.dateTime(entry.at),
                  actor: actorName(entry.actor),
                  payment: entry.paymentStatus ? t(`jobs.payment.${entry.paymentStatus}`) : '—',
                })}
              </Typography>
              {entry.reason ? (
                <Typography variant="pi" textColor="neutral600">
                  {t('jobs.timeline.reason', { reason: entry.reason })}
                </Typography>
              ) : null}
            </Flex>
          </Box>
        );
      })}
    </Box>
  );
};
