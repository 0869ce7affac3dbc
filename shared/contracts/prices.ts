/**
 * The public price and checkout API (`/api/sell-my-images`): what the frontend helper
 * reads and sends. Amounts are integers in the currency's minor units, computed by the
 * server every time; the client never sends a price.
 */

/** Why an option is shown but cannot be bought. */
export type PriceUnavailableReason =
  | 'exceeds_max_output'
  | 'exceeds_stripe_maximum'
  /** local-ai only: the expected time on this machine is above the processing timeout. */
  | 'exceeds_processing_time';

/** Why a file cannot be bought at all (403 `details.reason`, and the admin's media views). */
export type NotForSaleReason = 'not_an_image' | 'too_small' | 'not_opted_in' | 'opted_out';

/** One resolution of an image as offered to visitors. */
export interface PriceOption {
  resolution: string;
  scale: number;
  /** Output size in pixels. */
  width: number;
  height: number;
  /** Output megapixels rounded to 2 decimals. */
  megapixels: number;
  /** What the visitor pays, minor units. */
  amount: number;
  formatted: string;
  available: boolean;
  reason?: PriceUnavailableReason;
  /** local-ai, once this machine is calibrated: the expected processing time. */
  expectedSeconds?: number;
}

/** Who makes the copy, as visitors are told (the non-AI resize says so). */
export interface UpscalerView {
  name: string;
  label: string;
  model?: string;
}

/** `GET /prices?fileId=` */
export interface PricesAnswer {
  fileId: string;
  original: { width: number; height: number };
  currency: string;
  options: PriceOption[];
  upscaler?: UpscalerView;
}

/** `POST /checkout` body. */
export interface CheckoutRequest {
  fileId: string | number;
  resolution: string;
  email?: string;
  sourcePage?: string;
  returnUrl?: string;
}

/** `POST /checkout` → 201 (also when the same visitor's open session is reused). */
export interface CheckoutAnswer {
  jobId: string;
  checkoutUrl: string;
}

/** `POST /clicks` body (→ 204). */
export interface ClickRequest {
  fileId: string | number;
  sourcePage?: string;
}
