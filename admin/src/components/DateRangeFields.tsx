import { Field } from '@strapi/design-system';

export interface DateRange {
  from: string;
  to: string;
}

interface DateRangeFieldsProps {
  range: DateRange;
  onChange: (change: Partial<DateRange>) => void;
  /** The labels of the start and end dates. */
  labels: DateRange;
  /** Why the range cannot be used, shown under the start date. */
  error?: string;
  /** Ids of the start and end fields. */
  ids?: DateRange;
  width?: string;
}

/** Each end of the range bounds the other one's date picker. */
const BOUNDS = {
  from: (range: DateRange) => ({ max: range.to || undefined }),
  to: (range: DateRange) => ({ min: range.from || undefined }),
};

/** A start and an end date, as two labelled date inputs. */
export const DateRangeFields = ({
  range,
  onChange,
  labels,
  error,
  ids,
  width,
}: DateRangeFieldsProps) =>
  (['from', 'to'] as const).map((end) => (
    <Field.Root
      key={end}
      name={end}
      id={ids?.[end]}
      width={width}
      error={end === 'from' ? error : undefined}
    >
      <Field.Label>{labels[end]}</Field.Label>
      <Field.Input
        type="date"
        value={range[end]}
        {...BOUNDS[end](range)}
        onChange={(event) => onChange({ [end]: event.target.value })}
      />
      <Field.Error />
    </Field.Root>
  ));
