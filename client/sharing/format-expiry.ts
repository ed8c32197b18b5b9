import { isExpired } from './share-expiry.ts';

const dateTime = (at: number, locale: string | undefined) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(at);

/** Under the dialog's expiry choice: until when the link opens. */
export function formatExpiry(expiresAt: number | null, now: number, locale?: string): string {
  if (expiresAt === null) return 'It opens until you stop sharing.';
  if (isExpired(expiresAt, now)) return 'Expired.';
  return `It opens until ${dateTime(expiresAt, locale)}.`;
}

/** Settings › Shared links: `Never`, `Expired`, or when it expires. */
export function expiryStatus(expiresAt: number | null, now: number, locale?: string): string {
  if (expiresAt === null) return 'Never';
  if (isExpired(expiresAt, now)) return 'Expired';
  return `Expires ${dateTime(expiresAt, locale)}`;
}
