import { useNotification } from '@strapi/strapi/admin';
import { apiFailure } from '../api/client';
import { useSaleRule } from '../api/media';
import { useT } from '../utils/useT';

/**
 * Switches the sale of one image (at once on screen, see useSaleRule) and tells the admin
 * in a notification when the server refuses; `pending` names the images being switched.
 */
export function useSaleSwitch() {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { setRule, pending } = useSaleRule();
  const switchSale = async (fileId: number, name: string, forSale: boolean) => {
    try {
      await setRule(fileId, forSale);
    } catch (failure) {
      toggleNotification({
        type: 'danger',
        message: t('media.toggle.error', { name, message: apiFailure(failure).message }),
      });
    }
  };
  return { switchSale, pending };
}
