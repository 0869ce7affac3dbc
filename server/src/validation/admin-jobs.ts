/** Inputs of the admin jobs routes. */
import { z } from 'zod';
import {
  EMAIL_STATUSES,
  JOB_SORTS,
  JOB_STATUSES,
  PAYMENT_STATUSES,
} from '../../../shared/contracts/jobs';
import { boundInstant } from '../../../shared/utc-days';
import { pageParams } from './query';

const dateOrDatetime = z.iso.datetime({ offset: true }).or(z.iso.date());
export const jobListQuerySchema = z
  .object({
    status: z.enum(JOB_STATUSES).optional(),
    paymentStatus: z.enum(PAYMENT_STATUSES).optional(),
    emailStatus: z.enum(EMAIL_STATUSES).optional(),
    q: z.string().trim().max(255).optional(),
    from: dateOrDatetime.optional(),
    to: dateOrDatetime.optional(),
    ...pageParams(25, 100),
    sort: z.enum(JOB_SORTS).default('createdAt:desc'),
  })
  .strict()
  .refine(
    (query) =>
      !query.from || !query.to || boundInstant(query.from, 'start') < boundInstant(query.to, 'end'),
    { message: '`from` must not be after `to`', path: ['from'] },
  );
