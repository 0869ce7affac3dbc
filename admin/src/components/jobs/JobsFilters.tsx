import { Field, Flex, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import { JOB_STATUSES, PAYMENT_STATUSES } from '../../../../shared/contracts/jobs';
import { useSearchBox } from '../../hooks/useSearchBox';
import { useT } from '../../utils/useT';
import { isRangeInverted, type JobsListState } from './listParams';

/** The select's "no filter" entry: Radix selects reserve the empty string for "cleared". */
const ALL = 'all';
const oneOf = <T extends string>(list: readonly T[], value: string): T | '' =>
  (list as readonly string[]).includes(value) ? (value as T) : '';

interface Props {
  state: JobsListState;
  update: (change: Partial<JobsListState>, options?: { replace?: boolean }) => void;
}

/** Status, payment status, date range and search; every change lands in the URL. */
export const JobsFilters = ({ state, update }: Props) => {
  const t = useT();
  const [search, setSearch] = useSearchBox(state.q, (q) => update({ q }, { replace: true }));
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
          onChange={(event) => setSearch(event.target.value)}
        />
      </Field.Root>
      <Field.Root name="status" width="200px">
        <Field.Label>{t('jobs.filters.status')}</Field.Label>
        <SingleSelect
          value={state.status || ALL}
          onChange={(value) => update({ status: oneOf(JOB_STATUSES, String(value)) })}
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
          onChange={(value) => update({ paymentStatus: oneOf(PAYMENT_STATUSES, String(value)) })}
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
