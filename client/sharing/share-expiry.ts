const dayMs = 24 * 60 * 60 * 1000;

/** How long a link opens, as the dialog offers it; `null`: it never expires. */
export const expiryChoices = [
  { label: '1 day', ms: dayMs },
  { label: '7 days', ms: 7 * dayMs },
  { label: '30 days', ms: 30 * dayMs },
  { label: 'Never', ms: null },
] as const;
export type ExpiryChoice = (typeof expiryChoices)[number];
export type ExpiryLabel = ExpiryChoice['label'];

/** A new link opens for 30 days: long enough to be read, short enough not to outlive its use. */
export const defaultExpiry: ExpiryChoice = expiryChoices[2];

/** When a link given `choice` now stops opening: counted from `now`, or never (`null`). */
export function expiresAtFor(choice: ExpiryChoice, now: number): number | null {
  return choice.ms === null ? null : now + choice.ms;
}

/** The choice called `label`, if it is one. */
export function expiryChoiceNamed(label: string): ExpiryChoice | undefined {
  return expiryChoices.find((choice) => choice.label === label);
}

/**
 * The choice that describes a link's expiry now: `Never` for none, else the shortest choice at
 * least as long as the time it has left (a 30-day link made two days ago still reads `30 days`).
 * An expired link reads as the shortest choice: picking any choice opens it again from now.
 */
export function currentExpiryChoice(expiresAt: number | null, now: number): ExpiryChoice {
  if (expiresAt === null) return expiryChoices[3];
  const left = expiresAt - now;
  return expiryChoices.find((choice) => choice.ms !== null && choice.ms >= left) ?? defaultExpiry;
}

/** Whether a link no longer opens. */
export const isExpired = (expiresAt: number | null, now: number): boolean =>
  expiresAt !== null && expiresAt <= now;
