import { useCallback, useState } from 'react';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { API, apiFailure } from '../../utils/api';
import { useT } from '../../utils/useT';
import { exportFileName, exportParams, saveFile } from './downloadCsv';
import type { ExportKind, PeriodQuery, Sort } from './types';

/** Downloads an analytics CSV through the admin's authenticated client; `busy` names the export running. */
export function useCsvExport() {
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const t = useT();
  const [busy, setBusy] = useState<ExportKind | null>(null);

  const run = useCallback(
    async (kind: ExportKind, period: PeriodQuery, sort?: Sort) => {
      setBusy(kind);
      try {
        const { data } = await get<Blob | string>(`${API}/analytics/export`, {
          params: exportParams(kind, period, sort),
          responseType: 'blob',
        });
        saveFile(data, exportFileName(kind, period));
      } catch (error) {
        toggleNotification({
          type: 'danger',
          message: t('analytics.export.failed', { message: apiFailure(error).message }),
        });
      } finally {
        setBusy(null);
      }
    },
    [get, toggleNotification, t],
  );

  return { exportCsv: run, busy };
}
