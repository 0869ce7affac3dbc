import { Children, type ReactNode } from 'react';
import { Grid } from '@strapi/design-system';

/** Fields two per row on wide screens, one per row on narrow ones. */
export const FieldGrid = ({ children, wide = false }: { children: ReactNode; wide?: boolean }) => (
  <Grid.Root gap={5}>
    {Children.toArray(children).map((child, index) => (
      <Grid.Item key={index} col={wide ? 12 : 6} xs={12} direction="column" alignItems="stretch">
        {child}
      </Grid.Item>
    ))}
  </Grid.Root>
);
