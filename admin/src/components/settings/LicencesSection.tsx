import type { ReactNode } from 'react';
import { Box, Button, Field, Flex, IconButton, Textarea, Typography } from '@strapi/design-system';
import { ArrowDown, ArrowUp, Plus, Trash } from '@strapi/icons';
import { MAX_LICENCES } from '../../../../shared/contracts/settings-commerce';
import { useT } from '../../utils/useT';
import { Note } from './CommerceSections';
import { useSettingsForm } from './context';
import { moveRow, newRow, renameRow, type LicenceRow } from './licences';
import { Section } from './Section';

const cell = { paddingTop: 2, paddingBottom: 2, paddingRight: 3 } as const;

const Header = ({ children, width }: { children: string; width?: string }) => (
  <Box tag="th" scope="col" textAlign="left" {...cell} style={width ? { width } : undefined}>
    <Typography variant="sigma" textColor="neutral600">
      {children}
    </Typography>
  </Box>
);

/** One input of a row, named for assistive tech ("Name, licence 2") and with its own error. */
const RowField = ({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}) => (
  <Field.Root error={error} hint={hint}>
    <Field.Label
      style={{
        position: 'absolute',
        width: 1,
        height: 1,
        overflow: 'hidden',
        clip: 'rect(0 0 0 0)',
      }}
    >
      {label}
    </Field.Label>
    {children}
    <Field.Hint />
    <Field.Error />
  </Field.Root>
);

/**
 * The licence tiers the buyer chooses with the resolution: name, price multiplier (×1.5 =
 * one and a half times the image's price), licence text and id (derived from the name when
 * added, editable, unique). Rows are added, removed and moved; the order is the dialog's.
 */
export const LicencesSection = () => {
  const t = useT();
  const { values, setValue, errors, readOnly, answer } = useSettingsForm();
  const rows = values.licences;
  const disabled = readOnly || Boolean(answer.environment.licences);
  const set = (next: LicenceRow[]) => setValue('licences', next);
  const update = (index: number, change: (row: LicenceRow) => LicenceRow) =>
    set(rows.map((row, i) => (i === index ? change(row) : row)));
  const error = (index: number, field: string) => errors[`licences.${index}.${field}`];

  return (
    <Section
      anchor="licences"
      title={t('settings.licences.title')}
      description={t('settings.licences.description')}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        {rows.length === 0 ? (
          <Note>{t('settings.licences.empty')}</Note>
        ) : (
          <Box
            tag="table"
            width="100%"
            aria-label={t('settings.licences.table')}
            style={{ borderCollapse: 'collapse' }}
          >
            <thead>
              <tr>
                <Header width="22%">{t('settings.licences.name')}</Header>
                <Header width="14%">{t('settings.licences.multiplier')}</Header>
                <Header>{t('settings.licences.text')}</Header>
                <Header width="18%">{t('settings.licences.id')}</Header>
                <Header width="8rem">{t('settings.licences.actions')}</Header>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => {
                const n = { n: index + 1 };
                return (
                  <Box
                    tag="tr"
                    key={row.key}
                    borderColor="neutral150"
                    style={{ verticalAlign: 'top', borderTop: '1px solid' }}
                  >
                    <Box tag="td" {...cell}>
                      <RowField
                        label={t('settings.licences.name.label', n)}
                        error={error(index, 'name')}
                      >
                        <Field.Input
                          value={row.name}
                          disabled={disabled}
                          onChange={(event) => {
                            const name = event.target.value;
                            update(index, (current) => renameRow(current, name, rows));
                          }}
                        />
                      </RowField>
                    </Box>
                    <Box tag="td" {...cell}>
                      <RowField
                        label={t('settings.licences.multiplier.label', n)}
                        error={error(index, 'multiplierPercent')}
                      >
                        <Field.Input
                          inputMode="decimal"
                          value={row.multiplier}
                          disabled={disabled}
                          startAction={<Typography textColor="neutral600">×</Typography>}
                          onChange={(event) => {
                            const multiplier = event.target.value;
                            update(index, (current) => ({ ...current, multiplier }));
                          }}
                        />
                      </RowField>
                    </Box>
                    <Box tag="td" {...cell}>
                      <RowField
                        label={t('settings.licences.text.label', n)}
                        error={error(index, 'text')}
                      >
                        <Textarea
                          value={row.text}
                          disabled={disabled}
                          onChange={(event) => {
                            const text = event.target.value;
                            update(index, (current) => ({ ...current, text }));
                          }}
                        />
                      </RowField>
                    </Box>
                    <Box tag="td" {...cell}>
                      <RowField
                        label={t('settings.licences.id.label', n)}
                        error={error(index, 'id')}
                      >
                        <Field.Input
                          value={row.id}
                          disabled={disabled}
                          style={{ fontFamily: 'monospace' }}
                          onChange={(event) => {
                            const id = event.target.value;
                            update(index, (current) => ({ ...current, id, idFollowsName: false }));
                          }}
                        />
                      </RowField>
                    </Box>
                    <Box tag="td" {...cell}>
                      <Flex gap={1}>
                        <IconButton
                          label={t('settings.licences.up', { name: row.name || n.n })}
                          variant="ghost"
                          disabled={disabled || index === 0}
                          onClick={() => set(moveRow(rows, index, -1))}
                        >
                          <ArrowUp />
                        </IconButton>
                        <IconButton
                          label={t('settings.licences.down', { name: row.name || n.n })}
                          variant="ghost"
                          disabled={disabled || index === rows.length - 1}
                          onClick={() => set(moveRow(rows, index, 1))}
                        >
                          <ArrowDown />
                        </IconButton>
                        <IconButton
                          label={t('settings.licences.remove', { name: row.name || n.n })}
                          variant="ghost"
                          disabled={disabled}
                          onClick={() => set(rows.filter((_, i) => i !== index))}
                        >
                          <Trash />
                        </IconButton>
                      </Flex>
                    </Box>
                  </Box>
                );
              })}
            </tbody>
          </Box>
        )}
        {errors.licences ? (
          <Typography variant="pi" textColor="danger600" role="alert">
            {errors.licences}
          </Typography>
        ) : null}
        <Flex gap={3} alignItems="center">
          <Button
            variant="secondary"
            startIcon={<Plus />}
            disabled={disabled || rows.length >= MAX_LICENCES}
            onClick={() =>
              set([...rows, newRow(t('settings.licences.newName', { n: rows.length + 1 }), rows)])
            }
          >
            {t('settings.licences.add')}
          </Button>
          <Typography variant="pi" textColor="neutral600">
            {t('settings.licences.hint', { max: MAX_LICENCES })}
          </Typography>
        </Flex>
      </Flex>
    </Section>
  );
};
