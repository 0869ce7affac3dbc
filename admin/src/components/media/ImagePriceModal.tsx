import { useState } from 'react';
import { useIntl } from 'react-intl';
import { Button, Field, Flex, Grid, Modal, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import type { ImagePrice } from '../../../../shared/contracts/media';
import { byScale } from '../../../../shared/resolutions';
import { apiFailure } from '../../api/client';
import { useSetImagePrice, useShopPricing, type ShopPricing } from '../../api/image-price';
import { useT } from '../../utils/useT';
import { LoadState } from '../LoadState';
import { requestFromValues, valuesFromPrice, type PriceErrors } from './imagePriceForm';

interface ImagePriceModalProps {
  fileId: number;
  name: string;
  price: ImagePrice;
  /** The shop's currency and resolutions when the caller knows them (the entry panel does). */
  shop?: ShopPricing;
  onClose(): void;
}

/** The editor once the shop's currency and resolutions are known. */
const ImagePriceForm = ({
  fileId,
  name,
  price,
  shop,
  onClose,
}: Omit<ImagePriceModalProps, 'shop'> & { shop: ShopPricing }) => {
  const t = useT();
  const { locale } = useIntl();
  const { toggleNotification } = useNotification();
  const save = useSetImagePrice();
  const [values, setValues] = useState(() => valuesFromPrice(price, shop.currency, locale));
  const [errors, setErrors] = useState<PriceErrors>({});
  const resolutions = [
    ...new Set([...shop.resolutions, ...Object.keys(price.fixedPrices ?? {})]),
  ].sort(byScale);
  const offered = new Set(shop.resolutions);
  const currency = shop.currency.toUpperCase();
  const hasPrice = price.fixedPrices !== null || price.multiplierPercent !== null;

  const send = async (request: ImagePrice, done: string) => {
    try {
      await save.mutateAsync({ fileId, price: request });
      toggleNotification({ type: 'success', message: t(done, { name }) });
      onClose();
    } catch (error) {
      const failure = apiFailure(error);
      toggleNotification({
        type: 'danger',
        message: t('media.price.failed', { name, message: failure.message }),
      });
    }
  };

  const submit = () => {
    const checked = requestFromValues(values, shop.currency, resolutions);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    void send(checked.request, 'media.price.saved');
  };

  return (
    <>
      <Modal.Body>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography variant="pi" textColor="neutral600">
            {t('media.price.explain')}
          </Typography>
          <Grid.Root gap={4}>
            {resolutions.map((resolution) => (
              <Grid.Item key={resolution} col={6} xs={12} direction="column" alignItems="stretch">
                <Field.Root
                  name={`fixed.${resolution}`}
                  error={errors[`fixed.${resolution}`] && t(errors[`fixed.${resolution}`])}
                  hint={offered.has(resolution) ? undefined : t('media.price.notOffered')}
                >
                  <Field.Label>{t('media.price.fixed', { resolution })}</Field.Label>
                  <Field.Input
                    inputMode="decimal"
                    value={values.fixed[resolution] ?? ''}
                    placeholder={t('media.price.fixed.placeholder')}
                    onChange={(event) => {
                      const text = event.target.value;
                      setValues((v) => ({ ...v, fixed: { ...v.fixed, [resolution]: text } }));
                    }}
                    endAction={
                      <Typography variant="pi" textColor="neutral600">
                        {currency}
                      </Typography>
                    }
                  />
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
            ))}
            <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
              <Field.Root
                name="multiplier"
                error={errors.multiplier && t(errors.multiplier)}
                hint={t('media.price.multiplier.hint')}
              >
                <Field.Label>{t('media.price.multiplier')}</Field.Label>
                <Field.Input
                  inputMode="decimal"
                  value={values.multiplier}
                  placeholder="2.5"
                  startAction={<Typography textColor="neutral600">×</Typography>}
                  onChange={(event) => {
                    const multiplier = event.target.value;
                    setValues((v) => ({ ...v, multiplier }));
                  }}
                />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
            </Grid.Item>
          </Grid.Root>
        </Flex>
      </Modal.Body>
      <Modal.Footer>
        <Modal.Close>
          <Button variant="tertiary">{t('media.price.cancel')}</Button>
        </Modal.Close>
        <Flex gap={2}>
          {hasPrice ? (
            <Button
              variant="danger-light"
              disabled={save.isLoading}
              onClick={() =>
                void send({ fixedPrices: null, multiplierPercent: null }, 'media.price.cleared')
              }
            >
              {t('media.price.clear')}
            </Button>
          ) : null}
          <Button loading={save.isLoading} onClick={submit}>
            {t('media.price.save')}
          </Button>
        </Flex>
      </Modal.Footer>
    </>
  );
};

/**
 * An image's own price: a fixed price per resolution (in the shop's currency) and/or a
 * multiplier of the shop's price; Clear goes back to the shop's price.
 */
export const ImagePriceModal = (props: ImagePriceModalProps) => {
  const t = useT();
  const shop = useShopPricing(!props.shop);
  const pricing = props.shop ?? shop.data;
  return (
    <Modal.Root open onOpenChange={(open) => (open ? undefined : props.onClose())}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{t('media.price.title', { name: props.name })}</Modal.Title>
        </Modal.Header>
        {pricing ? (
          <ImagePriceForm {...props} shop={pricing} />
        ) : (
          <Modal.Body>
            <LoadState
              query={shop}
              errorMessage="media.price.shopFailed"
              retry={false}
              loadingMessage="common.loading"
              inline
            />
          </Modal.Body>
        )}
      </Modal.Content>
    </Modal.Root>
  );
};
