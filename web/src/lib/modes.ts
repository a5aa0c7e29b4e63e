import { groupOfMode, isMode, MODES, type Mode } from '../../../server/domain/modes.js';

/**
 * The eleven modes of DESIGN.md section 2 and their groups come from the server's own list
 * (server/domain/modes.ts, pure, bundled by Vite), in the order charts and tables list them.
 */
export { isMode, MODES, type Mode };

export const ACTIVE_MODES: readonly Mode[] = MODES.filter((m) => groupOfMode(m) === 'active');
export const PUBLIC_TRANSPORT_MODES: readonly Mode[] = MODES.filter(
  (m) => groupOfMode(m) === 'public_transport',
);
export const CAR_MODES: readonly Mode[] = MODES.filter((m) => groupOfMode(m) === 'car');

/**
 * One colour per mode, the same in every chart, table swatch and legend: active modes in
 * greens and teals, public transport in blues and purples, the car in orange-red, the rest
 * neutral. Each passes 3:1 against white as a graphical object (WCAG 1.4.11).
 */
export const MODE_COLOURS: Readonly<Record<Mode, string>> = {
  walk: '#2e7d32',
  bike: '#00796b',
  ebike: '#26a69a',
  bus: '#1976d2',
  tram: '#3949ab',
  metro: '#8e24aa',
  train: '#5e35b1',
  car_driver: '#c9400f',
  car_passenger: '#f4511e',
  motorbike: '#795548',
  other: '#757575',
};

/** Sum of a share or count record over a group of modes; missing modes count as 0. */
export function sumModes(
  values: Partial<Record<string, number | null>> | undefined,
  modes: readonly Mode[],
): number {
  if (!values) return 0;
  let total = 0;
  for (const m of modes) total += values[m] ?? 0;
  return total;
}

/** Modes that carry a non-zero value in any of the given records, in MODES order. */
export function modesPresent(
  ...records: Array<Partial<Record<string, number | null>> | undefined>
): Mode[] {
  // A hidden mode (null) is present: its row says it is hidden.
  return MODES.filter((m) => records.some((r) => r?.[m] === null || (r?.[m] ?? 0) !== 0));
}

function channel(hex: string, i: number): number {
  const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  return 0.2126 * channel(hex, 0) + 0.7152 * channel(hex, 1) + 0.0722 * channel(hex, 2);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** White or near-black, whichever reads better on the given background. */
export function textColourOn(background: string): string {
  return contrastRatio(background, '#ffffff') >= contrastRatio(background, '#111111')
    ? '#ffffff'
    : '#111111';
}
