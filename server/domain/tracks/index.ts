export type * from './types.js';
export { DEFAULT_SEGMENT_OPTIONS, segmentTrips } from './segment.js';
export { filterPoints } from './filter.js';
export { simplifyLine } from './simplify.js';
