/** WCAG's contrast ratio of two `#rrggbb` (or `#rgb`) colours, from 1 to 21. */
export function contrastRatio(foreground: string, background: string): number {
  const [lighter, darker] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return ((lighter ?? 0) + 0.05) / ((darker ?? 0) + 0.05);
}

/**
 * `colour` if it reaches `minimum` contrast on `background`; otherwise the same hue taken
 * towards black on a light background (towards white on a dark one), by the least step that
 * does. An alpha channel is dropped: the colour is then drawn opaque.
 *
 * @example readableOn('#d73a49', '#f6f6f8') // a deeper red, 4.5:1 on the light code background
 */
export function readableOn(colour: string, background: string, minimum = 4.5): string {
  const rgb = channels(colour);
  if (contrastRatio(colour, background) >= minimum) return toHex(rgb);
  const target = luminance(background) > 0.18 ? 0 : 255;
  for (let step = 1; step <= 100; step++) {
    const mixed = rgb.map((value) => Math.round(value + ((target - value) * step) / 100));
    const candidate = toHex(mixed);
    if (contrastRatio(candidate, background) >= minimum) return candidate;
  }
  return toHex([target, target, target]);
}

function channels(colour: string): number[] {
  const hex = colour.replace('#', '');
  const full = hex.length <= 4 ? [...hex].map((digit) => digit + digit).join('') : hex;
  return [0, 2, 4].map((at) => Number.parseInt(full.slice(at, at + 2), 16));
}

function luminance(colour: string): number {
  const [r = 0, g = 0, b = 0] = channels(colour).map((value) => {
    const v = value / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const toHex = (rgb: number[]) =>
  `#${rgb.map((value) => value.toString(16).padStart(2, '0')).join('')}`;
