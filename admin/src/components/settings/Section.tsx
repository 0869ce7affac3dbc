import { useId, type ReactNode } from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';

interface SectionProps {
  title: string;
  description?: string;
  /** Shown at the right of the heading (e.g. the test/live badge). */
  aside?: ReactNode;
  children: ReactNode;
  /** The element id a link reaches it by (`/settings/sell-my-images#payments`). */
  anchor?: string;
}

/** One box of the settings page; a named region, so assistive tech (and browser tests) can find it by its heading. */
export const Section = ({ title, description, aside, children, anchor }: SectionProps) => {
  const headingId = useId();
  return (
    <Box
      tag="section"
      id={anchor}
      aria-labelledby={headingId}
      background="neutral0"
      padding={6}
      shadow="filterShadow"
      hasRadius
    >
      <Flex justifyContent="space-between" alignItems="center" gap={4}>
        <Typography variant="delta" tag="h2" id={headingId}>
          {title}
        </Typography>
        {aside}
      </Flex>
      {description ? (
        <Box paddingTop={1}>
          <Typography variant="pi" textColor="neutral600">
            {description}
          </Typography>
        </Box>
      ) : null}
      <Box paddingTop={4}>{children}</Box>
    </Box>
  );
};
