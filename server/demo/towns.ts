import type { Mode } from '../domain/modes.js';
import type { DemoPartner } from './types.js';

/**
 * The ten partner towns of the Active Travel Network (DESIGN.md, partner table) and what the demo
 * generator assumes about each. Centres are DESIGN.md's approximate town centres, as [lon, lat].
 *
 * Site names are generic names in the local language (town hall, hospital, a school, a business
 * park): they are made up for the demo, placed within about 3 km of the centre, and do not claim
 * that any real employer took part.
 */
export interface DemoSiteSpec {
  /** Appended to the partner id: `weiz` + `rathaus` = `weiz-rathaus`. */
  slug: string;
  name: string;
  kind: 'workplace' | 'school';
  /** Offset from the town centre, km east and km north. */
  eastKm: number;
  northKm: number;
  /** Relative number of participants. */
  weight: number;
}

export interface DemoTownSpec {
  partner: DemoPartner;
  /** Commuters at scale 1; the ten add up to 1,010. */
  commuters: number;
  /** Multipliers on the network-wide baseline shares of cycling and walking (terrain, habits). */
  bikeFactor: number;
  walkFactor: number;
  /**
   * How much the town put into the programme (cycle lanes, campaigns, workplace parking), about
   * 0..1.3: it scales how many car and bus commuters switch and how far. Near 0 the town stays
   * flat; the network's story needs both kinds (issue 11: "bigger where the town invested").
   */
  investment: number;
  /** 0..1: how much winter cuts cycling and walking (0 = not at all). */
  winterSeverity: number;
  /** Share of days with rain, on average over the year. */
  rainShare: number;
  /** Main public-transport mode of trips under 8 km, and of longer trips (weights). */
  shortPt: Mode;
  longPt: ReadonlyArray<readonly [Mode, number]>;
  /** Bearing of the street grid, degrees from east, for route shapes. */
  gridDeg: number;
  sites: DemoSiteSpec[];
}

const partner = (
  id: string,
  name: string,
  country: string,
  timezone: string,
  locale: string,
  lat: number,
  lon: number,
): DemoPartner => ({
  id,
  name,
  country,
  timezone,
  locale,
  center: [lon, lat],
});

export const DEMO_TOWNS: readonly DemoTownSpec[] = [
  {
    partner: partner('weiz', 'Weiz', 'AT', 'Europe/Vienna', 'de', 47.219, 15.624),
    commuters: 95,
    bikeFactor: 0.9,
    walkFactor: 1.0,
    investment: 1.0,
    winterSeverity: 0.7,
    rainShare: 0.3,
    shortPt: 'bus',
    longPt: [
      ['train', 0.5],
      ['bus', 0.5],
    ],
    gridDeg: 12,
    sites: [
      {
        slug: 'rathaus',
        name: 'Rathaus Weiz',
        kind: 'workplace',
        eastKm: 0.05,
        northKm: 0.03,
        weight: 2,
      },
      {
        slug: 'lkh',
        name: 'Landeskrankenhaus Weiz',
        kind: 'workplace',
        eastKm: -0.6,
        northKm: 0.5,
        weight: 2,
      },
      {
        slug: 'bg-brg',
        name: 'BG/BRG Weiz',
        kind: 'school',
        eastKm: 0.4,
        northKm: -0.35,
        weight: 1.5,
      },
      {
        slug: 'gewerbepark',
        name: 'Gewerbepark Weiz-Nord',
        kind: 'workplace',
        eastKm: -0.8,
        northKm: 1.9,
        weight: 3,
      },
    ],
  },
  {
    partner: partner('skanderborg', 'Skanderborg', 'DK', 'Europe/Copenhagen', 'da', 56.039, 9.93),
    commuters: 100,
    bikeFactor: 1.5,
    walkFactor: 1.0,
    investment: 1.5,
    winterSeverity: 0.5,
    rainShare: 0.4,
    shortPt: 'bus',
    longPt: [
      ['train', 0.7],
      ['bus', 0.3],
    ],
    gridDeg: 35,
    sites: [
      {
        slug: 'raadhus',
        name: 'Skanderborg Rådhus',
        kind: 'workplace',
        eastKm: 0.2,
        northKm: -0.1,
        weight: 2,
      },
      {
        slug: 'sygehus',
        name: 'Skanderborg Sygehus',
        kind: 'workplace',
        eastKm: 0.9,
        northKm: 0.7,
        weight: 2,
      },
      {
        slug: 'gymnasium',
        name: 'Skanderborg Gymnasium',
        kind: 'school',
        eastKm: -0.7,
        northKm: 0.9,
        weight: 1.5,
      },
      {
        slug: 'erhvervspark',
        name: 'Erhvervspark Skanderborg Nord',
        kind: 'workplace',
        eastKm: 1.2,
        northKm: 2.4,
        weight: 2.5,
      },
    ],
  },
  {
    partner: partner('norderstedt', 'Norderstedt', 'DE', 'Europe/Berlin', 'de', 53.706, 10.0),
    commuters: 160,
    bikeFactor: 1.3,
    walkFactor: 1.0,
    investment: 1.15,
    winterSeverity: 0.55,
    rainShare: 0.38,
    shortPt: 'bus',
    // U1 (Norderstedt Mitte) and the AKN regional line, both towards Hamburg.
    longPt: [
      ['metro', 0.55],
      ['train', 0.25],
      ['bus', 0.2],
    ],
    gridDeg: 5,
    sites: [
      {
        slug: 'rathaus',
        name: 'Rathaus Norderstedt',
        kind: 'workplace',
        eastKm: 0.1,
        northKm: 0.05,
        weight: 2,
      },
      {
        slug: 'klinikum',
        name: 'Klinikum Norderstedt',
        kind: 'workplace',
        eastKm: 1.1,
        northKm: -0.8,
        weight: 2,
      },
      {
        slug: 'gymnasium',
        name: 'Gymnasium Norderstedt',
        kind: 'school',
        eastKm: -0.9,
        northKm: 1.2,
        weight: 1.5,
      },
      {
        slug: 'stadtwerke',
        name: 'Stadtwerke Norderstedt',
        kind: 'workplace',
        eastKm: 0.6,
        northKm: 0.9,
        weight: 1.5,
      },
      {
        slug: 'gewerbegebiet',
        name: 'Gewerbegebiet Norderstedt-Nord',
        kind: 'workplace',
        eastKm: -1.5,
        northKm: 2.5,
        weight: 3,
      },
    ],
  },
  {
    partner: partner('novara', 'Novara', 'IT', 'Europe/Rome', 'it', 45.446, 8.622),
    commuters: 150,
    bikeFactor: 1.3,
    walkFactor: 1.1,
    investment: 0.9,
    winterSeverity: 0.5,
    rainShare: 0.22,
    shortPt: 'bus',
    longPt: [
      ['train', 0.6],
      ['bus', 0.4],
    ],
    gridDeg: 0,
    sites: [
      {
        slug: 'municipio',
        name: 'Municipio di Novara',
        kind: 'workplace',
        eastKm: 0.05,
        northKm: 0.1,
        weight: 2,
      },
      {
        slug: 'ospedale',
        name: 'Ospedale Maggiore di Novara',
        kind: 'workplace',
        eastKm: 0.9,
        northKm: 0.5,
        weight: 2.5,
      },
      {
        slug: 'liceo',
        name: 'Liceo scientifico di Novara',
        kind: 'school',
        eastKm: -0.6,
        northKm: -0.4,
        weight: 1.5,
      },
      {
        slug: 'campus',
        name: 'Campus universitario di Novara',
        kind: 'school',
        eastKm: -0.3,
        northKm: 0.8,
        weight: 1,
      },
      {
        slug: 'zona-industriale',
        name: 'Zona industriale Sant’Agabio',
        kind: 'workplace',
        eastKm: 1.9,
        northKm: 0.9,
        weight: 3,
      },
    ],
  },
  {
    partner: partner('riccione', 'Riccione', 'IT', 'Europe/Rome', 'it', 43.999, 12.656),
    commuters: 85,
    bikeFactor: 1.2,
    walkFactor: 1.2,
    investment: 0.8,
    winterSeverity: 0.35,
    rainShare: 0.22,
    shortPt: 'bus',
    longPt: [
      ['bus', 0.6],
      ['train', 0.4],
    ],
    // The town runs along the coast, north-west to south-east.
    gridDeg: 45,
    sites: [
      {
        slug: 'municipio',
        name: 'Municipio di Riccione',
        kind: 'workplace',
        eastKm: -0.1,
        northKm: -0.1,
        weight: 2,
      },
      {
        slug: 'ospedale',
        name: 'Ospedale di Riccione',
        kind: 'workplace',
        eastKm: -0.9,
        northKm: 0.6,
        weight: 2,
      },
      {
        slug: 'istituto',
        name: 'Istituto alberghiero di Riccione',
        kind: 'school',
        eastKm: 0.7,
        northKm: -0.6,
        weight: 1.5,
      },
      {
        slug: 'zona-artigianale',
        name: 'Zona artigianale di Riccione',
        kind: 'workplace',
        eastKm: -1.6,
        northKm: -1.7,
        weight: 2.5,
      },
    ],
  },
  {
    partner: partner('serres', 'Serres', 'GR', 'Europe/Athens', 'el', 41.086, 23.548),
    commuters: 100,
    bikeFactor: 0.6,
    walkFactor: 1.3,
    investment: 0.2,
    winterSeverity: 0.35,
    rainShare: 0.2,
    shortPt: 'bus',
    longPt: [['bus', 1]],
    gridDeg: 20,
    sites: [
      {
        slug: 'dimarcheio',
        name: 'Δημαρχείο Σερρών',
        kind: 'workplace',
        eastKm: 0.05,
        northKm: 0.0,
        weight: 2,
      },
      {
        slug: 'nosokomeio',
        name: 'Γενικό Νοσοκομείο Σερρών',
        kind: 'workplace',
        eastKm: -1.2,
        northKm: -1.0,
        weight: 2.5,
      },
      { slug: 'tei', name: 'ΤΕΙ Σερρών', kind: 'school', eastKm: 1.8, northKm: -1.9, weight: 1.5 },
      {
        slug: 'vipe',
        name: 'ΒΙΠΕ Σερρών',
        kind: 'workplace',
        eastKm: -2.2,
        northKm: -1.6,
        weight: 2.5,
      },
    ],
  },
  {
    partner: partner('sebes', 'Sebeș', 'RO', 'Europe/Bucharest', 'ro', 45.957, 23.57),
    commuters: 65,
    bikeFactor: 0.9,
    walkFactor: 1.3,
    investment: 0.6,
    winterSeverity: 0.7,
    rainShare: 0.22,
    shortPt: 'bus',
    longPt: [
      ['bus', 0.6],
      ['train', 0.4],
    ],
    gridDeg: 8,
    sites: [
      {
        slug: 'primaria',
        name: 'Primăria Sebeș',
        kind: 'workplace',
        eastKm: 0.0,
        northKm: 0.05,
        weight: 2,
      },
      {
        slug: 'spital',
        name: 'Spitalul Municipal Sebeș',
        kind: 'workplace',
        eastKm: 0.5,
        northKm: 0.4,
        weight: 1.5,
      },
      {
        slug: 'colegiul',
        name: 'Colegiul Național Lucian Blaga',
        kind: 'school',
        eastKm: -0.3,
        northKm: -0.2,
        weight: 1.5,
      },
      {
        slug: 'zona-industriala',
        name: 'Zona industrială Sebeș',
        kind: 'workplace',
        eastKm: 1.5,
        northKm: -1.8,
        weight: 3,
      },
    ],
  },
  {
    partner: partner('lugo', 'Lugo', 'ES', 'Europe/Madrid', 'es', 43.012, -7.556),
    commuters: 145,
    bikeFactor: 0.45,
    walkFactor: 1.4,
    investment: 0.45,
    winterSeverity: 0.35,
    rainShare: 0.45,
    shortPt: 'bus',
    longPt: [['bus', 1]],
    gridDeg: 28,
    sites: [
      {
        slug: 'concello',
        name: 'Concello de Lugo',
        kind: 'workplace',
        eastKm: 0.05,
        northKm: 0.05,
        weight: 2,
      },
      {
        slug: 'hospital',
        name: 'Hospital de Lugo',
        kind: 'workplace',
        eastKm: 1.6,
        northKm: -1.2,
        weight: 2.5,
      },
      {
        slug: 'campus',
        name: 'Campus universitario de Lugo',
        kind: 'school',
        eastKm: 0.5,
        northKm: -0.8,
        weight: 1.5,
      },
      { slug: 'ies', name: 'IES de Lugo', kind: 'school', eastKm: -0.5, northKm: 0.6, weight: 1 },
      {
        slug: 'poligono',
        name: 'Polígono industrial de Lugo',
        kind: 'workplace',
        eastKm: -2.3,
        northKm: 1.4,
        weight: 2.5,
      },
    ],
  },
  {
    partner: partner('radzionkow', 'Radzionków', 'PL', 'Europe/Warsaw', 'pl', 50.4, 18.9),
    commuters: 60,
    bikeFactor: 0.8,
    walkFactor: 1.1,
    investment: 0.7,
    winterSeverity: 0.7,
    rainShare: 0.28,
    shortPt: 'bus',
    longPt: [
      ['tram', 0.35],
      ['bus', 0.35],
      ['train', 0.3],
    ],
    gridDeg: 15,
    sites: [
      {
        slug: 'urzad-miasta',
        name: 'Urząd Miasta Radzionków',
        kind: 'workplace',
        eastKm: 0.05,
        northKm: 0.0,
        weight: 2,
      },
      {
        slug: 'zespol-szkol',
        name: 'Zespół Szkół w Radzionkowie',
        kind: 'school',
        eastKm: -0.5,
        northKm: 0.4,
        weight: 1.5,
      },
      {
        slug: 'strefa',
        name: 'Strefa aktywności gospodarczej Radzionków',
        kind: 'workplace',
        eastKm: 1.4,
        northKm: -1.1,
        weight: 2.5,
      },
    ],
  },
  {
    partner: partner('ljutomer', 'Ljutomer', 'SI', 'Europe/Ljubljana', 'sl', 46.519, 16.197),
    commuters: 50,
    bikeFactor: 1.2,
    walkFactor: 1.0,
    investment: 0.85,
    winterSeverity: 0.65,
    rainShare: 0.3,
    shortPt: 'bus',
    longPt: [
      ['bus', 0.65],
      ['train', 0.35],
    ],
    gridDeg: 0,
    sites: [
      {
        slug: 'obcina',
        name: 'Občina Ljutomer',
        kind: 'workplace',
        eastKm: 0.0,
        northKm: 0.05,
        weight: 2,
      },
      {
        slug: 'gimnazija',
        name: 'Gimnazija Ljutomer',
        kind: 'school',
        eastKm: 0.4,
        northKm: 0.3,
        weight: 1.5,
      },
      {
        slug: 'zdravstveni-dom',
        name: 'Zdravstveni dom Ljutomer',
        kind: 'workplace',
        eastKm: -0.3,
        northKm: -0.4,
        weight: 1.5,
      },
      {
        slug: 'industrijska-cona',
        name: 'Industrijska cona Ljutomer',
        kind: 'workplace',
        eastKm: 1.3,
        northKm: -0.9,
        weight: 2.5,
      },
    ],
  },
];

const TOWNS_BY_ID = new Map(DEMO_TOWNS.map((t) => [t.partner.id, t]));

/** The town's assumptions; a partner the demo does not know gets middle-of-the-road ones. */
export function townSpecOf(partner: DemoPartner): DemoTownSpec {
  return (
    TOWNS_BY_ID.get(partner.id) ?? {
      partner,
      commuters: 100,
      bikeFactor: 1,
      walkFactor: 1,
      investment: 0.7,
      winterSeverity: 0.5,
      rainShare: 0.3,
      shortPt: 'bus',
      longPt: [
        ['bus', 0.5],
        ['train', 0.5],
      ],
      gridDeg: 0,
      sites: [],
    }
  );
}

/** km per degree of latitude and of longitude at `lat` (local flat-earth approximation, < 0.5 % off within 30 km). */
export const KM_PER_DEG_LAT = 110.574;
export function kmPerDegLon(lat: number): number {
  return 111.32 * Math.cos((lat * Math.PI) / 180);
}

/** [lon, lat] of a point `eastKm`, `northKm` from `origin`, rounded to 5 decimals (about 1 m). */
export function offsetLonLat(
  origin: readonly [number, number],
  eastKm: number,
  northKm: number,
): [number, number] {
  return [
    Math.round((origin[0] + eastKm / kmPerDegLon(origin[1])) * 1e5) / 1e5,
    Math.round((origin[1] + northKm / KM_PER_DEG_LAT) * 1e5) / 1e5,
  ];
}
