import type { ReactNode } from 'react';
import { Button, Flex, Loader, Typography } from '@strapi/design-system';
import type { UseQueryResult } from 'react-query';
import { apiFailure } from '../api/client';
import { useT } from '../utils/useT';

interface LoadStateProps<T> {
  /** What is loaded: its data once there, or why it failed. */
  query: Pick<UseQueryResult<T>, 'data' | 'isError' | 'error' | 'refetch'>;
  /** Message id of the failure, given the server's `{ message }`. */
  errorMessage: string;
  /** Offers "Try again" under the error; `false` where trying again cannot help. */
  retry?: boolean;
  /** Message id of the spinner's label while there is neither data nor an error; no spinner without it. */
  loadingMessage?: string;
  /** Inside a box already (a side panel): the error gets no box of its own. */
  inline?: boolean;
  /** Lays out the data; without it, only the error or the spinner are shown. */
  children?: (data: T) => ReactNode;
}

const BOX = {
  background: 'neutral0',
  padding: 6,
  hasRadius: true,
  shadow: 'filterShadow',
} as const;

/** What a page shows of something it loads: the error (with "Try again"), a spinner, or the data. */
export function LoadState<T>({
  query,
  errorMessage,
  retry = true,
  loadingMessage,
  inline = false,
  children,
}: LoadStateProps<T>) {
  const t = useT();
  if (query.isError) {
    return (
      <Flex
        direction="column"
        alignItems="flex-start"
        gap={3}
        role="alert"
        {...(inline ? {} : BOX)}
      >
        <Typography variant={inline ? 'pi' : 'omega'} textColor="danger600">
          {t(errorMessage, { message: apiFailure(query.error).message })}
        </Typography>
        {retry ? (
          <Button variant="secondary" onClick={() => void query.refetch()}>
            {t('common.retry')}
          </Button>
        ) : null}
      </Flex>
    );
  }
  if (query.data === undefined || !children) {
    return loadingMessage ? (
      <Flex justifyContent="center" padding={8}>
        <Loader>{t(loadingMessage)}</Loader>
      </Flex>
    ) : null;
  }
  return <>{children(query.data)}</>;
}
