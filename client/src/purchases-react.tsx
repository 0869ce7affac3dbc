/**
 * `<MyPurchases />` for React sites: a button that opens the helper's "My purchases"
 * dialog (README "My purchases"). Its label is the dialog's title unless children are given.
 */
import { useEffect, type ReactNode } from 'react';
import { injectStyles } from './index';
import { openPurchases, purchasesTextsFor, type PurchasesOptions } from './purchases';
import { visitorLocale } from './visitor';

type MyPurchasesProps = PurchasesOptions & { className?: string; children?: ReactNode };

export function MyPurchases({ className, children, ...options }: MyPurchasesProps) {
  useEffect(() => injectStyles(), []);
  // No `document` when rendered on the server: the `locale` option alone then.
  const locale = typeof document === 'undefined' ? options.locale : visitorLocale(options.locale);
  const label = options.purchasesTexts?.title ?? purchasesTextsFor(locale).title;
  return (
    <button
      type="button"
      className={className ?? 'smi-btn'}
      aria-haspopup="dialog"
      onClick={() => openPurchases(options)}
    >
      {children ?? label}
    </button>
  );
}

export type { PurchasesOptions };
