/** Query-string pieces shared by the admin list routes (query values are text: `"2"`). */
import { z } from 'zod';

/** A whole number from 1 to `max`, digits only (`z.coerce` alone would take '', '1e3' or ' 2 '). */
export const intParam = (name: string, max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, `${name} must be a positive integer`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, `${name} must be at least 1`)
        .max(max, `${name} must be at most ${max}`),
    );

/** `page` (1 by default) and `pageSize` (up to `maxPageSize`). */
export const pageParams = (defaultPageSize: number, maxPageSize: number) => ({
  page: intParam('page', 1_000_000).default(1),
  pageSize: intParam('pageSize', maxPageSize).default(defaultPageSize),
});
