import { Box, Flex, Typography } from '@strapi/design-system';
import type { RenderedEmail } from '../../../../shared/email-rendering';
import { useT } from '../../utils/useT';

/**
 * The e-mail as the buyer receives it: its subject, the HTML part in a sandboxed frame (no
 * script, no navigation) and the plain-text part.
 */
export const EmailPreview = ({ mail }: { mail: RenderedEmail | null }) => {
  const t = useT();
  return (
    <Flex
      direction="column"
      alignItems="stretch"
      gap={3}
      aria-label={t('emails.preview')}
      role="region"
    >
      <Typography variant="delta" tag="h2">
        {t('emails.preview')}
      </Typography>
      {mail ? (
        <>
          <Typography variant="pi" textColor="neutral600">
            {t('emails.preview.subject')}
          </Typography>
          <Typography fontWeight="bold" data-testid="preview-subject">
            {mail.subject}
          </Typography>
          <Box hasRadius borderColor="neutral200" overflow="hidden">
            <iframe
              title={t('emails.preview.html')}
              sandbox=""
              srcDoc={mail.html}
              style={{ width: '100%', height: '520px', border: 0, display: 'block' }}
            />
          </Box>
          <Typography variant="pi" textColor="neutral600">
            {t('emails.preview.text')}
          </Typography>
          <Box background="neutral100" padding={3} hasRadius>
            <Typography tag="pre" variant="pi" style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {mail.text}
            </Typography>
          </Box>
        </>
      ) : (
        <Typography textColor="neutral600">{t('emails.preview.invalid')}</Typography>
      )}
    </Flex>
  );
};
