import { Loader, Typography } from '@strapi/design-system';
import { useT } from '../../utils/useT';

interface PendingAnswerProps {
  /** Why the first answer failed; `null` while it is on its way. */
  failure: string | null;
  /** Message id of the failure, given its `message`. */
  failedMessage: string;
  /** Message id of the spinner's label. */
  loadingMessage: string;
}

/** Stands in for a live answer (price preview, expected times) that has not come yet. */
export const PendingAnswer = ({ failure, failedMessage, loadingMessage }: PendingAnswerProps) => {
  const t = useT();
  return failure ? (
    <Typography textColor="danger600">{t(failedMessage, { message: failure })}</Typography>
  ) : (
    <Loader small>{t(loadingMessage)}</Loader>
  );
};
