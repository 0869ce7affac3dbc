/**
 * The cart for React sites (docs/architecture.md "Previews, cart and purchases"):
 * `<Cart />` places the "Cart (n)" button where it is rendered, `useCart()` gives the lines
 * (re-rendering when they change) and the cart itself. Both turn the cart on (`enableCart`)
 * once mounted, never while rendering on a server.
 */
import { useEffect, useRef, useState } from 'react';
import { enableCart, type Cart as CartApi, type CartItem } from './cart';
import type { Options } from './index';

type CartProps = Options & { className?: string };

/** The "Cart (n)" button, here rather than fixed at the bottom right of the page. */
export function Cart({ className, ...options }: CartProps) {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const cart = enableCart(options);
    cart.mount(ref.current);
    return () => cart.mount();
    // The cart is enabled once per page: later options change nothing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return <span ref={ref} className={className ?? 'smi-cart'} />;
}

/** The cart's lines (empty until mounted) and the cart (null until mounted). */
export function useCart(options: Options = {}): { items: CartItem[]; cart: CartApi | null } {
  const [cart, setCart] = useState<CartApi | null>(null);
  const [items, setItems] = useState<CartItem[]>([]);
  useEffect(() => {
    const enabled = enableCart(options);
    setCart(enabled);
    setItems(enabled.items());
    return enabled.subscribe(setItems);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return { items, cart };
}

export type { CartApi, CartItem, Options };
