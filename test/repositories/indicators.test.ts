import { describe, expect, it } from 'vitest';
import { insertCommuter, insertSurvey } from '../../server/repositories/commuters.js';
import { readSurveys } from '../../server/repositories/indicators.js';
import { insertPartner } from '../../server/repositories/partners.js';
import { openTestDatabase } from '../engine.js';

describe('readSurveys', () => {
  it('reads one row per commuter, the latest survey on or before the date, however many were sent', async () => {
    const db = await openTestDatabase();
    try {
      const now = '2011-01-01T00:00:00.000Z';
      await insertPartner(
        db.kysely,
        {
          id: 'p',
          name: 'P',
          country: 'AT',
          timezone: 'Europe/Vienna',
          locale: 'de',
          center: [15.6, 47.2],
        },
        now,
      );
      for (const id of ['a', 'b'])
        await insertCommuter(db.kysely, { id, partnerId: 'p', joinedOn: '2010-01-01' }, now);
      // 300 baseline surveys from commuter a, one a day; later ones sent on the same day win.
      for (let i = 0; i < 300; i++) {
        const day = new Date(Date.UTC(2010, 0, 1 + i)).toISOString().slice(0, 10);
        await insertSurvey(
          db.kysely,
          {
            id: `s${i}`,
            commuterId: 'a',
            kind: 'baseline',
            takenOn: day,
            usualMode: 'car_driver',
            usualLegs: null,
            oneWayKm: 1 + (i % 250),
            daysPerWeek: 5,
          },
          now,
        );
      }
      await insertSurvey(
        db.kysely,
        {
          id: 's-late',
          commuterId: 'a',
          kind: 'baseline',
          takenOn: '2010-06-01',
          usualMode: 'bus',
          usualLegs: null,
          oneWayKm: 299,
          daysPerWeek: 4,
        },
        '2011-02-01T00:00:00.000Z',
      );
      await insertSurvey(
        db.kysely,
        {
          id: 'sb',
          commuterId: 'b',
          kind: 'baseline',
          takenOn: '2010-03-01',
          usualMode: 'walk',
          usualLegs: null,
          oneWayKm: 2,
          daysPerWeek: 5,
        },
        now,
      );
      await insertSurvey(
        db.kysely,
        {
          id: 'sf',
          commuterId: 'b',
          kind: 'followup',
          takenOn: '2010-04-01',
          usualMode: 'bike',
          usualLegs: null,
          oneWayKm: 2,
          daysPerWeek: 5,
        },
        now,
      );

      let rowsRead = 0;
      const counting = db.kysely.withPlugin({
        transformQuery: (args) => args.node,
        transformResult: async (args) => {
          rowsRead += args.result.rows.length;
          return args.result;
        },
      });
      const surveys = await readSurveys(
        counting,
        { partnerId: 'p', siteId: null },
        'baseline',
        '2010-06-01',
      );
      expect(rowsRead).toBe(2);
      expect(surveys).toEqual([
        {
          commuterId: 'a',
          partnerId: 'p',
          usualLegs: [{ mode: 'bus', distanceKm: 299 }],
          daysPerWeek: 4,
        },
        {
          commuterId: 'b',
          partnerId: 'p',
          usualLegs: [{ mode: 'walk', distanceKm: 2 }],
          daysPerWeek: 5,
        },
      ]);
      const earlier = await readSurveys(
        db.kysely,
        { partnerId: 'p', siteId: null },
        'baseline',
        '2010-01-10',
      );
      expect(earlier).toEqual([
        {
          commuterId: 'a',
          partnerId: 'p',
          usualLegs: [{ mode: 'car_driver', distanceKm: 10 }],
          daysPerWeek: 5,
        },
      ]);
    } finally {
      await db.close();
    }
  });
});
