import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { useSetupChecklist } from '../../api/setup';
import { useT } from '../../utils/useT';
import { LoadState } from '../LoadState';
import { SetupItemRow } from './SetupItemRow';

/**
 * The Overview page's setup checklist (README "Setup checklist"): every thing a sale needs,
 * read live from the server, each red (to do), amber (fine for trying, not for selling) or
 * green, with the place that fixes it. "Check again" reads it anew.
 */
export const SetupChecklist = ({ canUpdate }: { canUpdate: boolean }) => {
  const t = useT();
  const { formatTime } = useIntl();
  const checklist = useSetupChecklist(true);
  const { data } = checklist;

  return (
    <Box
      tag="section"
      aria-labelledby="smi-setup-title"
      background="neutral0"
      padding={6}
      shadow="filterShadow"
      hasRadius
      data-testid="smi-setup"
    >
      <Flex justifyContent="space-between" alignItems="center" gap={4} wrap="wrap">
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="delta" tag="h2" id="smi-setup-title">
            {t('setup.title')}
          </Typography>
          {data ? (
            <Typography variant="pi" textColor="neutral600" data-testid="smi-setup-summary">
              {data.remaining === 0
                ? t('setup.allDone')
                : t('setup.remaining', { count: data.remaining, total: data.items.length })}{' '}
              {t('setup.checkedAt', { time: formatTime(data.checkedAt) })}
            </Typography>
          ) : null}
        </Flex>
        <Button
          variant="tertiary"
          startIcon={<ArrowClockwise />}
          loading={checklist.isFetching}
          onClick={() => void checklist.refetch()}
        >
          {t('setup.checkAgain')}
        </Button>
      </Flex>
      <Box paddingTop={4}>
        {data ? (
          <Flex tag="ul" direction="column" alignItems="stretch" gap={0}>
            {data.items.map((item) => (
              <SetupItemRow
                key={item.id}
                item={item}
                canUpdate={canUpdate}
                stripeKeyReady={
                  data.items.find((other) => other.id === 'stripe_key')?.state === 'done'
                }
              />
            ))}
          </Flex>
        ) : (
          <LoadState
            query={checklist}
            errorMessage="setup.loadFailed"
            loadingMessage="setup.checking"
          />
        )}
      </Box>
    </Box>
  );
};
