import { Button, Flex, Typography } from '@strapi/design-system';
import type { CustomerEmailKind } from '../../../../shared/contracts/email-templates';
import { PLACEHOLDERS_BY_KIND } from '../../../../shared/email-placeholders';
import { useT } from '../../utils/useT';

/** The placeholders this e-mail knows; a click inserts one where the cursor is. */
export const PlaceholderList = ({
  kind,
  disabled,
  onInsert,
}: {
  kind: CustomerEmailKind;
  disabled: boolean;
  onInsert: (token: string) => void;
}) => {
  const t = useT();
  return (
    <Flex
      direction="column"
      alignItems="stretch"
      gap={2}
      role="group"
      aria-label={t('emails.placeholders')}
    >
      <Typography variant="sigma" tag="h2">
        {t('emails.placeholders')}
      </Typography>
      <Typography variant="pi" textColor="neutral600">
        {t('emails.placeholders.hint')}
      </Typography>
      <Flex gap={2} wrap="wrap">
        {PLACEHOLDERS_BY_KIND[kind].map((name) => (
          <Button
            key={name}
            size="S"
            variant="tertiary"
            disabled={disabled}
            title={t(`emails.placeholder.${name}`)}
            onClick={() => onInsert(`{{${name}}}`)}
          >
            {`{{${name}}}`}
          </Button>
        ))}
      </Flex>
    </Flex>
  );
};
