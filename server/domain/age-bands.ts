/**
 * Age bands. Their edges fall on HEAT's age limits (cycling 20-64, walking 20-74), so a band is
 * either wholly inside or wholly outside each HEAT age group.
 */
export const AGE_BANDS = [
  '<20',
  '20-29',
  '30-39',
  '40-49',
  '50-59',
  '60-64',
  '65-74',
  '75+',
] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
