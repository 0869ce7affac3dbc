/**
 * What the return dialog says of one purchased image (`JobStatusAnswer`): thumbnail and
 * title, resolution and pixels, format and size, then its link, its estimate or its refund.
 * Dates and sizes in the visitor's locale (the browser's). Kept terse: it is in the script
 * tag's budget.
 */
import type { JobStatusAnswer } from '../../shared/contracts/jobs';
import { h } from './dom';
import type { Texts } from './texts';

type Output = NonNullable<JobStatusAnswer['output']>;

/** A failed job: its refund and the day it arrives by, when the shop says so. */
export const failure = ({ refund }: JobStatusAnswer, texts: Texts) =>
  refund
    ? texts.refunded
        .replace('{a}', refund.formatted)
        .replace('{d}', new Date(refund.expectedBy).toLocaleDateString())
    : texts.jobFailed;

/** How long the link works and how many downloads it still allows; where it was e-mailed. */
export const notes = (
  { expiresAt, downloadsRemaining: n, emailMasked }: Partial<JobStatusAnswer>,
  texts: Texts,
) =>
  [
    expiresAt &&
      texts.until.replace(
        '{d}',
        new Date(expiresAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
      ) + (n == null ? '' : ` · ${texts.left.replace('{n}', `${n}`)}`),
    emailMasked && texts.sentTo.replace('{e}', emailMasked),
  ].map((note) => h('p', { class: 'smi-note' }, note || ''));

/**
 * One image as a list item: its card, then its download link (named after the image: a
 * cart has several), or while it is made the progress bar and the estimate; a cart line
 * (`cart`) also says its failure.
 */
export function line(job: JobStatusAnswer, texts: Texts, cart?: boolean): HTMLLIElement {
  const {
    file = { title: '', thumbnailUrl: null },
    output: { width, height, format, bytes = 0 } = {} as Output,
    progress,
    estimateSeconds,
  } = job;
  const size = (bytes / 1e6).toLocaleString(undefined, { maximumFractionDigits: 1 });
  const item = h(
    'li',
    {},
    h(
      'div',
      { class: 'smi-card' },
      file.thumbnailUrl ? h('img', { src: file.thumbnailUrl, alt: '' }) : '',
      h(
        'div',
        {},
        h('strong', {}, file.title),
        h('small', {}, job.resolution + (width ? ` · ${width} × ${height} px` : '')),
        format ? h('small', {}, `${format.toUpperCase()}, ${size} MB`) : '',
      ),
    ),
  );
  const { downloadUrl: href, status } = job;
  if (href) {
    const label = `${texts.download}: ${file.title}`;
    item.append(
      h('a', { class: 'smi-btn', href, download: '', 'aria-label': label }, texts.download),
    );
  } else if (status === 'failed') {
    if (cart) item.append(h('small', {}, failure(job, texts)));
  } else if (status !== 'abandoned') {
    if (progress?.total)
      item.append(
        h('progress', {
          'aria-label': texts.processing,
          max: `${progress.total}`,
          value: `${progress.done}`,
        }),
      );
    if (estimateSeconds)
      item.append(
        h('small', {}, texts.aboutMinutes.replace('{n}', `${Math.ceil(estimateSeconds / 60)}`)),
      );
  }
  return item;
}
