import type { ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { Box, Typography } from '@strapi/design-system';
import { byScale } from '../../../../shared/resolutions';
import { useT } from '../../utils/useT';

interface Sample {
  width: number;
  height: number;
  options: ReadonlyArray<{ resolution: string }>;
}

interface SampleTableProps<S extends Sample> {
  /** The table's accessible name. */
  label: string;
  samples: S[];
  /** What a cell shows: the sample's option at the cell's resolution. */
  renderOption: (option: S['options'][number], sample: S) => ReactNode;
  busy: boolean;
  /** Dimmed: the figures do not follow the form any more. */
  stale: boolean;
  /** Aligns the cells' content to their top (cells of different heights). */
  topAligned?: boolean;
}

const padded = { paddingTop: 2, paddingBottom: 2, paddingLeft: 3, paddingRight: 3 } as const;

const ColumnHeader = ({ children }: { children: ReactNode }) => (
  <Box tag="th" scope="col" textAlign="left" {...padded}>
    <Typography variant="sigma" textColor="neutral600">
      {children}
    </Typography>
  </Box>
);

/**
 * Sample image size (rows) × offered resolution (columns), "—" where a size has no option.
 * A plain semantic table (not the design system's keyboard grid): it is read, not edited.
 */
export const SampleTable = <S extends Sample>({
  label,
  samples,
  renderOption,
  busy,
  stale,
  topAligned = false,
}: SampleTableProps<S>) => {
  const t = useT();
  const { formatNumber } = useIntl();
  const resolutions = [
    ...new Set(samples.flatMap((sample) => sample.options.map((option) => option.resolution))),
  ].sort(byScale);

  return (
    <Box
      tag="table"
      width="100%"
      aria-label={label}
      aria-busy={busy}
      style={{ borderCollapse: 'collapse', opacity: stale ? 0.6 : 1 }}
    >
      <thead>
        <tr>
          <ColumnHeader>{t('settings.preview.size')}</ColumnHeader>
          {resolutions.map((resolution) => (
            <ColumnHeader key={resolution}>{resolution}</ColumnHeader>
          ))}
        </tr>
      </thead>
      <tbody>
        {samples.map((sample) => (
          <Box
            tag="tr"
            key={`${sample.width}x${sample.height}`}
            borderColor="neutral150"
            borderStyle="solid"
            borderWidth="1px 0 0 0"
          >
            <Box tag="th" scope="row" textAlign="left" {...padded}>
              <Typography>
                {t('settings.preview.sample', {
                  width: formatNumber(sample.width),
                  height: formatNumber(sample.height),
                })}
              </Typography>
            </Box>
            {resolutions.map((resolution) => {
              const option = sample.options.find((item) => item.resolution === resolution);
              return (
                <Box
                  tag="td"
                  key={resolution}
                  {...padded}
                  style={topAligned ? { verticalAlign: 'top' } : undefined}
                >
                  {option ? (
                    renderOption(option, sample)
                  ) : (
                    <Typography textColor="neutral500">—</Typography>
                  )}
                </Box>
              );
            })}
          </Box>
        ))}
      </tbody>
    </Box>
  );
};
