/**
 * The pure indicator engine (DESIGN.md section 3; formulas and sources in
 * docs/methodology.md). Routes call these with aggregates read from the rollups.
 */
export * from './types.js';
export * from './reference-data.js';
export * from './speeds.js';
export * from './modal-split.js';
export * from './modal-shift.js';
export * from './car-km.js';
export * from './co2.js';
export * from './heat.js';
export * from './activity.js';
export * from './participation.js';
export * from './suppression.js';
export * from './release.js';
export * from './release-hierarchy.js';
