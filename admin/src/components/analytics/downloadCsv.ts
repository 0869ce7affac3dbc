import type { ExportKind, PeriodQuery, Sort } from './types';

/** The name the server gives the file too (Content-Disposition). */
export const exportFileName = (kind: ExportKind, period: PeriodQuery) =>
  `sell-my-images-${kind}-${period.from}_${period.to}.csv`;

export const exportParams = (kind: ExportKind, period: PeriodQuery, sort?: Sort) => ({
  kind,
  from: period.from,
  to: period.to,
  ...(period.currency ? { currency: period.currency } : {}),
  ...(sort ? { sort: `${sort.key}:${sort.direction}` } : {}),
});

/**
 * Hands a downloaded CSV to the browser as a file: an object URL on a temporary link,
 * clicked, then released. The admin API needs the admin's token, so a plain link would not do.
 */
export function saveFile(content: Blob | string, fileName: string): void {
  const blob =
    content instanceof Blob ? content : new Blob([content], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Some browsers read the URL after click() returns: release it on the next tick.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
