import { Field, Flex, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import { EMAIL_STATUSES, JOB_STATUSES, PAYMENT_STATUSES } from '../../../../shared/contracts/jobs';
import { useSearchBox } from '../../hooks/useSearchBox';
import { useT } from '../../utils/useT';
import { DateRangeFields } from '../DateRangeFields';
import { isRangeInverted, type JobsListState } from './listParams';

/** The select's "no filter" entry: Radix selects reserve the empty string for "cleared". */
const ALL = 'all';
const oneOf = <T extends string>(list: readonly T[], value: string): T | '' =>
  (list as readonly string[]).includes(value) ? (value as T) : '';

interface Props {
  state: JobsListState;
  update: (change: Partial<JobsListState>, options?: { replace?: boolean }) => void;
}

/** Each status filter's values, its "no filter" entry and the message ids of its values. */
const STATUS_FILTERS = {
  status: { values: JOB_STATUSES, all: 'jobs.filters.allStatuses', value: 'jobs.status' },
  paymentStatus: {
    values: PAYMENT_STATUSES,
    all: 'jobs.filters.allPaymentStatuses',
    value: 'jobs.payment',
  },
  emailStatus: {
    values: EMAIL_STATUSES,
    all: 'jobs.filters.allEmailStatuses',
    value: 'jobs.email',
  },
} as const;

/** One status filter: "all", then each status of its own list (any other value means "all"). */
const StatusFilter = ({ field, state, update }: Props & { field: keyof typeof STATUS_FILTERS }) => {
  const t = useT();
  const { values, all, value: valueMessage } = STATUS_FILTERS[field];
  return (
    <Field.Root name={field} width="200px">
      <Field.Label>{t(`jobs.filters.${field}`)}</Field.Label>
      <SingleSelect
        value={state[field] || ALL}
        onChange={(value) => update({ [field]: oneOf(values, String(value)) })}
      >
        <SingleSelectOption value={ALL}>{t(all)}</SingleSelectOption>
        {values.map((status) => (
          <SingleSelectOption key={status} value={status}>
            {t(`${valueMessage}.${status}`)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Field.Root>
  );
};

/** Status, payment status, e-mail status, date range and search; every change lands in the URL. */
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
      <StatusFilter field="status" state={state} update={update} />
      <StatusFilter field="paymentStatus" state={state} update={update} />
      <StatusFilter field="emailStatus" state={state} update={update} />
      <DateRangeFields
        range={state}
        onChange={update}
        labels={{ from: t('jobs.filters.from'), to: t('jobs.filters.to') }}
        error={inverted ? t('jobs.filters.rangeInverted') : undefined}
        width="180px"
      />
    </Flex>
  );
};
