/**
 * An image's own price (premium photos): `PUT /media/:fileId/price` sets a fixed price per
 * resolution and/or a multiplier of the shop's price (both null clears it). The shop's
 * currency and offered resolutions, which the editor needs, come from the settings.
 */
import { useFetchClient } from '@strapi/strapi/admin';
import { useMutation, useQuery, useQueryClient } from 'react-query';
import type { ImagePriceAnswer, ImagePriceRequest } from '../../../shared/contracts/media';
import type { SettingsAnswer } from '../../../shared/contracts/settings-routes';
import { API, QUERY_OPTIONS, ROOT_KEY, type Answer } from './client';
import { mediaKeys } from './media';

/** What the price editor needs to know about the shop. */
export interface ShopPricing {
  currency: string;
  resolutions: string[];
}

const shopPricingKey = [...ROOT_KEY, 'image-price', 'shop'] as const;

/** The shop's currency and resolutions (settings.read), asked only while an editor is open. */
export function useShopPricing(enabled: boolean) {
  const { get } = useFetchClient();
  return useQuery(
    shopPricingKey,
    async (): Promise<ShopPricing> => {
      const { settings } = (await get<Answer<SettingsAnswer>>(`${API}/settings`)).data.data;
      return { currency: settings.currency, resolutions: settings.resolutions };
    },
    { ...QUERY_OPTIONS, enabled },
  );
}

/** Sets (or clears) an image's own price; the pages of images and the entry panels read again. */
export function useSetImagePrice() {
  const { put } = useFetchClient();
  const queryClient = useQueryClient();
  return useMutation(
    async ({ fileId, price }: { fileId: number; price: ImagePriceRequest }) =>
      (await put<Answer<ImagePriceAnswer>>(`${API}/media/${fileId}/price`, price)).data.data,
    {
      onSuccess: () => {
        void queryClient.invalidateQueries(mediaKeys.lists());
        void queryClient.invalidateQueries(mediaKeys.entries());
      },
    },
  );
}
