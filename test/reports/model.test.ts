import { describe, expect, it } from 'vitest';
import { DEMO_TOWNS } from '../../server/demo/towns.js';
import { REPORT_LANGUAGES } from '../../server/reports/i18n/index.js';
import { type ReportInput, reportTables } from '../../server/reports/model.js';
import { exchangeRateFor, populationOf } from '../../server/reports/reference.js';

/**
 * The network roll-up (issue 13, point 4): partners compared on totals, per participant and per
 * 1,000 inhabitants, each population data with its source and year (data/populations.json).
 */
const answer = (active: number, trips: number, co2AvoidedKg: number, withheld = false) => ({
  withheld,
  suppressed: [],
  participants: { registered: active, active },
  trips,
  co2AvoidedKg,
});

function rollUpInput(): ReportInput {
  return {
    partner: 'network',
    partnerIds: [],
    from: '2011-01-01',
    to: '2011-12-31',
    factorSet: 'default',
    lang: 'en',
    currency: 'EUR',
    rate: exchangeRateFor('EUR', '2011-12-31'),
    aggregate: true,
    scopes: [],
    rollUp: [
      {
        partnerId: 'skanderborg',
        name: 'Skanderborg',
        answer: answer(100, 23_300, 4_990),
        population: populationOf('skanderborg'),
      },
      {
        partnerId: 'weiz',
        name: 'Weiz',
        answer: answer(3, 400, 50, true),
        population: populationOf('weiz'),
      },
      { partnerId: 'town-x', name: 'Town X', answer: answer(10, 500, 20), population: null },
    ],
    map: { cells: [], markers: [], quarters: [] },
  };
}

describe('the partners compared', () => {
  it('every demo town has a population with its year and source', () => {
    for (const town of DEMO_TOWNS) {
      const p = populationOf(town.partner.id);
      expect(p, town.partner.id).not.toBeNull();
      expect(Number.isInteger(p!.population) && p!.population > 0).toBe(true);
      expect(p!.year).toBeGreaterThan(2000);
      expect(p!.source.length).toBeGreaterThan(10);
    }
  });

  it('divides by the stated population, per participant by the active commuters', () => {
    const table = reportTables(rollUpInput(), REPORT_LANGUAGES.en!).find(
      (t) => t.id === 'partners',
    )!;
    const [skanderborg, weiz, other] = table.rows as Array<Record<string, number | string | null>>;
    const pop = populationOf('skanderborg')!;
    expect(skanderborg).toMatchObject({
      activeCommuters: 100,
      trips: 23_300,
      co2PerParticipant: 49.9,
      population: pop.population,
      populationYear: String(pop.year),
    });
    expect(skanderborg!.participantsPer1000).toBeCloseTo((100 / pop.population) * 1000, 9);
    expect(skanderborg!.tripsPer1000).toBeCloseTo((23_300 / pop.population) * 1000, 9);
    expect(skanderborg!.co2Per1000).toBeCloseTo((4_990 / pop.population) * 1000, 9);
    // A withheld partner (under k) shows its population, no figure of its own.
    expect(weiz).toMatchObject({
      activeCommuters: null,
      trips: null,
      co2PerParticipant: null,
      participantsPer1000: null,
      population: populationOf('weiz')!.population,
    });
    // Without a population no per-inhabitant figure is made up.
    expect(other).toMatchObject({ population: null, populationYear: null, tripsPer1000: null });
  });
});
