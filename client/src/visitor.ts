/**
 * What the helper knows of the visitor and sends with a purchase: the language (Checkout's
 * and the e-mails') and a promotion code from the page's link. Both are checked against
 * the shapes `POST /checkout` takes; anything else is dropped rather than refused there.
 */
const LOCALE = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,3}$/;
const PROMO = /^[A-Za-z0-9_-]{1,64}$/;

const first = (shape: RegExp, ...values: Array<string | null | undefined>) =>
  values.map((value) => value?.trim()).find((value) => value && shape.test(value));

/** The `locale` option, else the page's `<html lang>`, else the browser's language. */
export const visitorLocale = (option?: string) =>
  first(LOCALE, option, document.documentElement.lang, navigator.language);

/** The `promo` option, else `?promo=CODE` in the page's address (which keeps it). */
export const promoCode = (option?: string) =>
  first(PROMO, option, new URLSearchParams(location.search).get('promo'));
