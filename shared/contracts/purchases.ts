/**
 * "My purchases" (docs/architecture.md "Previews, cart and purchases"): a buyer asks by
 * e-mail, always gets the same 202 (no probing which addresses bought), and receives a
 * signed link valid 30 minutes to a page listing their purchases still inside the
 * re-download window (settings `redownloadDays`), each with a fresh download link on request.
 */

/** How long the e-mailed link to the purchases page works. */
export const PURCHASES_LINK_MINUTES = 30;

/** `POST /purchases/lookup` body → 202 `{ accepted: true }`, whatever the address. */
export interface PurchasesLookupRequest {
  email: string;
  /** The visitor's language (the e-mail and the page). */
  locale?: string;
}

export interface PurchasesLookupAnswer {
  accepted: true;
}

/** One purchase on the page (`GET /purchases?token=`, HTML; `GET /purchases/list?token=`, JSON). */
export interface PurchaseView {
  jobId: string;
  title: string;
  thumbnailUrl: string | null;
  resolution: string;
  width: number | null;
  height: number | null;
  licenceName: string | null;
  paidAt: string;
  /** Minor units of `currency`, what was paid. */
  amount: number;
  currency: string;
  formatted: string;
  /** Until when "Get a fresh link" works (paid + `redownloadDays`). */
  redownloadUntil: string;
}

export interface PurchasesAnswer {
  /** The address, masked (`j•••@example.com`). */
  email: string;
  /** When the page's link stops working. */
  expiresAt: string;
  purchases: PurchaseView[];
}

/**
 * `POST /purchases/link` (`{ token, jobId }`, JSON or a form post from the page) → 201
 * `{ downloadUrl, expiresAt }` (a form post is answered 303 to the download).
 */
export interface PurchaseLinkAnswer {
  downloadUrl: string;
  expiresAt: string;
}
