import { useNotification } from '@strapi/strapi/admin';
import type { ExportKind } from '../../../../shared/contracts/analytics';
import { useCsvExport, type PeriodQuery, type Sort } from '../../api/analytics';
import { apiFailure } from '../../api/client';
import { useT } from '../../utils/useT';

/** The CSV exports of the period on screen: the one on its way, and starting one. */
export function useExports(period: PeriodQuery | null) {
  const t = useT();
  const { toggleNotification } = useNotification();
  const csv = useCsvExport();
  const busy: ExportKind | null = csv.isLoading ? (csv.variables?.kind ?? null) : null;
  /** Downloads one export; a failure is told in a notification. */
  const run = (kind: ExportKind, sort?: Sort) => {
    if (!period) return;
    csv.mutateAsync({ kind, period, sort }).catch((error: unknown) =>
      toggleNotification({
        type: 'danger',
        message: t('analytics.export.failed', { message: apiFailure(error).message }),
      }),
    );
  };
  return { busy, run };
}

export type Exports = ReturnType<typeof useExports>;
