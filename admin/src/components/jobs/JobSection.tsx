import type { ReactNode } from 'react';
import { Box, Typography } from '@strapi/design-system';

/** A titled box of the job detail page, a region named after its title. */
export const JobSection = ({ title, children }: { title: string; children: ReactNode }) => (
  <Box
    tag="section"
    background="neutral0"
    padding={6}
    shadow="filterShadow"
    hasRadius
    width="100%"
    aria-label={title}
  >
    <Typography variant="delta" tag="h2">
      {title}
    </Typography>
    {children}
  </Box>
);
