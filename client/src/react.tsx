/**
 * `<BuyButton media={…} />` for React sites (Next.js client components and the like):
 * the helper's buy button for one Strapi media object. React is a peer dependency.
 */
import { useEffect, useRef } from 'react';
import { button, type Media, type Options } from './index';

type BuyButtonProps = Options & { media: Media; className?: string };

export function BuyButton({ media, className, ...options }: BuyButtonProps) {
  const ref = useRef<HTMLSpanElement>(null);
  const key = JSON.stringify([media.id, media.documentId, media.width, media.height, options]);
  useEffect(() => {
    const host = ref.current;
    const el = button(media, options);
    if (host && el) host.replaceChildren(el);
    return () => host?.replaceChildren();
    // `key` stands for media and options: a new object with the same values changes nothing
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return <span ref={ref} className={className ?? 'smi-buy'} />;
}

export type { Media, Options };
