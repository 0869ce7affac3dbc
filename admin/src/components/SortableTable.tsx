import type { ReactNode } from 'react';
import { Table, Tbody, Td, TextButton, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { CaretDown, CaretUp } from '@strapi/icons';
import type { SortDirection } from '../../../shared/contracts/pagination';

export interface TableColumn<T> {
  id: string;
  label: string;
  /** A sortable column: how the rows are sorted by it (`null`: by another column), and sorting by it. */
  sort?: { direction: SortDirection | null; onSort: () => void };
  render: (row: T) => ReactNode;
}

interface SortableTableProps<T> {
  /** The table's accessible name. */
  label: string;
  columns: TableColumn<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  busy?: boolean;
  /** Said in a single row when there is no row. */
  empty?: ReactNode;
}

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

/** A column header; a sortable one is a button and announces its order with aria-sort. */
function Header<T>({ column: { label, sort } }: { column: TableColumn<T> }) {
  if (!sort) {
    return (
      <Th role="columnheader">
        <Typography variant="sigma" textColor="neutral600">
          {label}
        </Typography>
      </Th>
    );
  }
  const { direction, onSort } = sort;
  const Icon = direction === 'asc' ? CaretUp : CaretDown;
  return (
    <Th role="columnheader" aria-sort={direction ? ARIA_SORT[direction] : 'none'}>
      <TextButton onClick={onSort} endIcon={direction ? <Icon aria-hidden /> : undefined}>
        <Typography variant="sigma" textColor={direction ? 'primary600' : 'neutral600'}>
          {label}
        </Typography>
      </TextButton>
    </Th>
  );
}

/**
 * The design system's table (an ARIA grid, arrow keys move between cells) with sortable
 * column headers; the rows are sorted and paged on the server.
 */
export function SortableTable<T>({
  label,
  columns,
  rows,
  rowKey,
  busy,
  empty,
}: SortableTableProps<T>) {
  return (
    <Table aria-label={label} aria-busy={busy} colCount={columns.length} rowCount={rows.length + 1}>
      <Thead>
        <Tr>
          {columns.map((column) => (
            <Header key={column.id} column={column} />
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.length === 0 && empty ? (
          <Tr>
            <Td colSpan={columns.length}>{empty}</Td>
          </Tr>
        ) : (
          rows.map((row) => (
            <Tr key={rowKey(row)}>
              {columns.map((column) => (
                <Td key={column.id}>{column.render(row)}</Td>
              ))}
            </Tr>
          ))
        )}
      </Tbody>
    </Table>
  );
}
