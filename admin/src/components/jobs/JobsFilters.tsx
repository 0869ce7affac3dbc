import { useEffect, useState } from 'react';
import { Field, Flex, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import { useT } from '../../utils/useT';
import { isRangeInverted, type JobsListState } from './listState';
import { JOB_STATUSES, PAYMENT_STATUSES } from './types';
import { useDebouncedCallback } from './useDebouncedCallback';

/** The select's "no filter" entry: Radix selects reserve the empty string for "cleared". */
const ALL = 'all';
const SEARCH_DELAY_MS = 300;

interface Props {
  state: JobsListState;
  update: (change: Partial<JobsListState>, options?: { replace?: boolean }) => void;
}

/** Status, payment status, date range and search; every change lands in the URL. */
export const JobsFilters = ({ state, update }: Props) => {
  const t = useT();
  const [search, setSearch] = useState(state.q);
  const commitSearch = useDebouncedCallback(
    (q: string) => update({ q }, { replace: true }),
    SEARCH_DELAY_MS,
  );

  // Back/forward or a link may change `q` under the box: show what the list is filtered by
  // (but leave the box alone when it only differs by the spaces the URL trims off).
  useEffect(
    () => setSearch((current) => (current.trim() === state.q ? current : state.q)),
    [state.q],
  );

  const inverted = isRangeInverted(state);

  return (
    <Flex gap={4} wrap="wrap" alignItems="flex-start">
      <Field.Root name="q" width="320px">
        <Field.Label>{t('jobs.filters.search')}</Field.Label>
        <TextInput
          type="search"
          value={search}
          placeholder={t('jobs.filters.searchPlaceholder')}
          maxLength={255}
          onChange={(event) => {
            setSearch(event.target.value);
            commitSearch(event.target.value);
          }}
        />
      </Field.Root>
      <Field.Root name="status" width="200px">
        <Field.Label>{t('jobs.filters.status')}</Field.Label>
        <SingleSelect
          value={state.status || ALL}
          onChange={(value) => update({ status: value === ALL ? '' : String(value) })}
        >
          <SingleSelectOption value={ALL}>{t('jobs.filters.allStatuses')}</SingleSelectOption>
          {JOB_STATUSES.map((status) => (
            <SingleSelectOption key={status} value={status}>
              {t(`jobs.status.${status}`)}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
      <Field.Root name="paymentStatus" width="200px">
        <Field.Label>{t('jobs.filters.paymentStatus')}</Field.Label>
        <SingleSelect
          value={state.paymentStatus || ALL}
          onChange={(value) => update({ paymentStatus: value === ALL ? '' : String(value) })}
        >
          <SingleSelectOption value={ALL}>
            {t('jobs.filters.allPaymentStatuses')}
          </SingleSelectOption>
          {PAYMENT_STATUSES.map((status) => (
            <SingleSelectOption key={status} value={status}>
              {t(`jobs.payment.${status}`)}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
      <Field.Root
        name="from"
        width="180px"
        error={inverted ? t('jobs.filters.rangeInverted') : undefined}
      >
        <Field.Label>{t('jobs.filters.from')}</Field.Label>
        <TextInput
          type="date"
          value={state.from}
          max={state.to || undefined}
          onChange={(event) => update({ from: event.target.value })}
        />
        <Field.Error />
      </Field.Root>
      <Field.Root name="to" width="180px">
        <Field.Label>{t('jobs.filters.to')}</Field.Label>
        <TextInput
          type="date"
          value={state.to}
          min={state.from || undefined}
          onChange={(event) => update({ to: event.target.value })}
        />
      </Field.Root>
    </Flex>
  );
};
