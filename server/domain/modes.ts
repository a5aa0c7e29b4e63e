/**
 * The mode vocabulary of DESIGN.md section 2. This list is the single source for the
 * validators, the OpenAPI document and the CHECK constraints in migrations/ (a test keeps
 * the migration in step with it).
 */
export const MODES = [
  'walk',
  'bike',
  'ebike',
  'bus',
  'tram',
  'metro',
  'train',
  'car_driver',
  'car_passenger',
  'motorbike',
  'other',
] as const;

export type Mode = (typeof MODES)[number];

/** A replaced mode may also be `none`: without the programme the trip would not have been made. */
export const REPLACED_MODES = [...MODES, 'none'] as const;
export type ReplacedMode = (typeof REPLACED_MODES)[number];

export type ModeGroup = 'active' | 'public_transport' | 'car' | 'other';

const GROUP_OF: Record<Mode, ModeGroup> = {
  walk: 'active',
  bike: 'active',
  ebike: 'active',
  bus: 'public_transport',
  tram: 'public_transport',
  metro: 'public_transport',
  train: 'public_transport',
  car_driver: 'car',
  car_passenger: 'car',
  motorbike: 'other',
  other: 'other',
};

export function groupOfMode(mode: Mode): ModeGroup {
  return GROUP_OF[mode];
}

export function isActiveMode(mode: Mode): boolean {
  return GROUP_OF[mode] === 'active';
}

export function isMode(value: unknown): value is Mode {
  return typeof value === 'string' && (MODES as readonly string[]).includes(value);
}

/** Modes that count as cycling for "cycling days" (DESIGN.md section 2). */
export const CYCLING_MODES: readonly Mode[] = ['bike', 'ebike'];
