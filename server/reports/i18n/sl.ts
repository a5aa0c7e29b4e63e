import type { ReportStrings } from './types.js';

/**
 * Slovenian report strings (terms as in web/src/i18n/sl.ts: vozač, izhodiščno stanje, SZO).
 * Counts are written as "skupaj {n}" or "v letih: {n}" so the noun need not agree with the
 * number (Slovenian has singular, dual and two plural forms).
 */
export const sl: ReportStrings = {
  locale: 'sl-SI',
  title: 'Poročilo o aktivni mobilnosti',
  titleNetwork: 'Poročilo o aktivni mobilnosti: mreža',
  period: 'Obdobje',
  generatedAt: 'Ustvarjeno',
  inputsHash: 'Zgoščena vrednost vhodnih podatkov',
  softwareVersion: 'Različica programske opreme',
  factorSet: 'Nabor emisijskih faktorjev',
  currency: 'Valuta',
  rateLine: '1 EUR = {rate} {currency} ({source}, letno povprečje {year})',
  rateNone: 'Denarne vrednosti v evrih, kot jih navaja HEAT.',
  releasedNote:
    'Zbirni podatki: upoštevani so le koledarski meseci, objavljeni v skladu s pravilom o zasebnosti, v stanju ob objavi.',
  liveNote: 'Trenutni podatki Vašega partnerja projekta: spreminjajo se, ko se beležijo nove poti.',
  contents: 'Vsebina',
  summary: 'Povzetek',
  summaryParagraph:
    'V obdobju {from} – {to} so aktivni vozači (skupaj {active}) zabeležili {trips} poti v skupni dolžini {km} km. Poti, ki bi bile sicer opravljene z avtomobilom, so prihranile {carKm} km vožnje z avtomobilom in preprečile {co2} emisij CO2. Vrednost hoje in kolesarjenja zaradi preprečenih prezgodnjih smrti znaša {health} na leto (HEAT SZO). Hoja in kolesarjenje sta predstavljala {activeShare} poti, v primerjavi z {activeBaseline} pred začetkom programa.',
  summaryNoData: 'Za to obdobje ni podatkov.',
  headline: 'Ključni podatki',
  figure: 'Kazalnik',
  value: 'Vrednost',
  activeCommuters: 'Aktivni vozači',
  registeredCommuters: 'Prijavljeni vozači',
  trips: 'Poti',
  distanceKm: 'Razdalja (km)',
  co2AvoidedKg: 'Preprečene emisije CO2 (kg)',
  carKmSubstituted: 'Nadomeščeni avtomobilski kilometri',
  healthValuePerYear: 'Korist za zdravje na leto',
  activeShare: 'Delež poti, opravljenih peš ali s kolesom',
  participation: 'Udeležba',
  tripsPerActiveCommuter: 'Poti na aktivnega vozača',
  modes: 'Poti in km po prevoznem načinu',
  modesCaption:
    'Poti in razdalja po glavnem prevoznem načinu in po prevoznem načinu posameznega dela poti',
  mode: 'Prevozni način',
  shareTrips: 'Delež poti',
  shareKm: 'Delež km',
  modalShift: 'Razdelitev prevoznih načinov in sprememba glede na izhodiščno stanje',
  baselineShare: 'Delež poti v izhodiščnem stanju',
  shiftPp: 'Sprememba (odstotne točke)',
  hidden: 'skrito (manj kot 5 vozačev)',
  noBaseline: 'Ni izhodiščnega stanja za primerjavo.',
  transitions: 'Matrika prehodov',
  transitionsCaption:
    'Vozači po običajnem prevoznem načinu prej (vrstice) in glavnem prevoznem načinu zdaj (stolpci)',
  fromMode: 'Prej',
  toMode: 'Zdaj',
  commuters: 'Vozači',
  suppressedCell: 'manj kot 5',
  carReplacementRate: 'Stopnja nadomestitve avtomobila',
  carKm: 'Nadomeščeni avtomobilski kilometri',
  carKmCaption: 'Nadomeščeni avtomobilski kilometri po dveh metodah',
  method: 'Metoda',
  replacedModeMethod:
    'Nadomeščeni prevozni način (poti, ki so nadomestile vožnjo z avtomobilom kot voznik), km',
  replacedModePerWeek: 'Nadomeščeni prevozni način, km na teden',
  surveyMethod:
    'Anketa (km kot voznik v izhodiščnem stanju minus km kot voznik ob ponovni meritvi), km na teden',
  carKmWhy:
    'Metodi merita različni stvari. Vrednost po nadomeščenem prevoznem načinu upošteva le poti, za katere je vozač navedel, da so nadomestile vožnjo z avtomobilom; vrednost iz ankete primerja običajno uporabo avtomobila vsakega vozača pred vključitvijo z zdaj zabeleženo uporabo avtomobila, na teden vožnje na delo. Vrednosti se ujemata, kadar vozači označijo in zabeležijo vsako pot; neoznačene poti ({unlabelled} kilometrov) in nezabeležene poti povzročajo razliko.',
  co2: 'Preprečene emisije CO2',
  co2Caption: 'Uporabljeni emisijski faktorji (kg CO2e na km)',
  co2Text:
    'Preprečene emisije CO2 = Σ km × (faktor nadomeščenega prevoznega načina − faktor uporabljenega prevoznega načina). Nabor faktorjev: {name} ({scope}), {source}, {year}.',
  factor: 'kg CO2e na km',
  unit: 'Enota',
  heat: 'Ekonomska ocena koristi za zdravje (HEAT SZO)',
  heatCaption: 'HEAT na leto pri polnem učinku',
  heatYearsCaption: 'HEAT v obdobju ocenjevanja, s postopnim naraščanjem učinka in diskontiranjem',
  people: 'Osebe',
  minutesPerWeek: 'Minute na teden',
  riskReduction: 'Zmanjšanje tveganja',
  deathsPreventedPerYear: 'Preprečene smrti na leto',
  valuePerYear: 'Vrednost na leto',
  walking: 'Hoja',
  cycling: 'Kolesarjenje',
  total: 'Skupaj',
  year: 'Leto',
  buildUpShare: 'Delež polnega učinka',
  deathsPrevented: 'Preprečene smrti',
  valueUndiscounted: 'Vrednost, nediskontirana',
  discountFactor: 'Diskontni faktor',
  valueDiscounted: 'Vrednost, diskontirana',
  heatWithheld: 'ni prikazano (manj kot 5 oseb)',
  heatText:
    'Obdobje ocenjevanja v letih: {years}; učinki naraščajo linearno, obdobje naraščanja v letih: {buildUp}; diskontna stopnja: {rate}.',
  activity: 'Telesna dejavnost',
  activeMinutes: 'Aktivne minute na vozača na teden',
  whoTarget: 'Cilj SZO, minute na teden',
  shareMeetingTarget: 'Delež vozačev, ki dosegajo cilj',
  kcalNet: 'kcal, porabljene s hojo in kolesarjenjem (neto)',
  cyclingDays: 'Dnevi kolesarjenja',
  map: 'Zemljevid združenih tras',
  mapCaption:
    'Celice zemljevida, ki jih je v objavljenem četrtletju prečkalo najmanj 5 vozačev; temnejše celice zajemajo več poti. Shranjene trase so v bližini domov in delovnih mest prirezane.',
  mapEmpty: 'Za to obdobje ni objavljena nobena celica zemljevida.',
  mapTowns: 'Mesta poročila; krogi rastejo s številom zabeleženih poti.',
  mapInset: 'Objavljene celice: {cells}',
  townCentre: 'središče mesta',
  mapCells: 'Objavljene celice zemljevida',
  cell: 'Celica',
  sites: 'Lokacije',
  sitesCaption: 'Podatki po lokacijah',
  site: 'Lokacija',
  withheld: 'ni prikazano',
  noSites: 'Ni lokacij.',
  rollUp: 'Primerjava partnerskih mest',
  rollUpCaption: 'Partnerska mesta skupaj, na udeleženca in na 1.000 prebivalcev',
  partner: 'Partnersko mesto',
  population: 'Prebivalci',
  populationYear: 'Leto',
  co2PerParticipant: 'Preprečene emisije CO2 na aktivnega vozača (kg)',
  tripsPer1000: 'Poti na 1.000 prebivalcev',
  co2Per1000: 'Preprečene emisije CO2 na 1.000 prebivalcev (kg)',
  participantsPer1000: 'Aktivni vozači na 1.000 prebivalcev',
  populationSources: 'Viri podatkov o prebivalstvu',
  notChecked: 'ni ponovno preverjeno pri viru',
  dataQuality: 'Kakovost podatkov in omejitve',
  unlabelledShare: 'Delež km brez nadomeščenega prevoznega načina',
  unconfirmedTrips: 'Poti, ki čakajo na potrditev (niso upoštevane)',
  suppressedList: 'Ni prikazano zaradi pravila o zasebnosti',
  limitations:
    'Podatki opisujejo vozače, ki so sodelovali, ne celotnega mesta. Poti beležijo vozači sami ali pa so izpeljane iz aplikacij za sledenje in jih vozači potrdijo. Nadomeščeni prevozni način je tisti, ki ga je navedel vozač; opazovati ga ni mogoče. Vrednosti HEAT so ocene za ocenjevano populacijo, z negotovostjo študij, na katerih temeljijo.',
  methodology: 'Metodologija',
  formula: 'Formula ali parameter',
  source: 'Vir',
  mParticipation:
    'Aktivni vozači: prijavljeni vozači z vsaj eno potrjeno potjo v obdobju. Poti: potrjene poti, vsaka šteta enkrat po glavnem prevoznem načinu (načinu najdaljšega dela poti). Razdalja: vsota km vseh delov poti.',
  mReplacementRate:
    'Stopnja nadomestitve avtomobila: delež poti na delo, ki so jih prej opravili kot vozniki avtomobila in jih zdaj opravijo z drugim načinom.',
  mCyclingDays: 'Dan kolesarjenja: dan, ko je vozač s kolesom opravil vsaj del poti na delo.',
  mSplit:
    'Razdelitev prevoznih načinov: delež poti po glavnem prevoznem načinu (najdaljši del poti) in potniških kilometrov po prevoznem načinu dela poti.',
  mShift:
    'Sprememba prevoznega načina: delež ob ponovni meritvi minus delež v izhodiščnem stanju, v odstotnih točkah.',
  mCarKm:
    'Nadomeščeni avtomobilski kilometri: (a) Σ km delov poti, katerih nadomeščeni prevozni način je avtomobil (voznik); (b) km kot voznik v izhodiščnem stanju minus km kot voznik ob ponovni meritvi istih vozačev, na teden vožnje na delo.',
  mCo2: 'Preprečene emisije CO2 = Σ km × (faktor nadomeščenega prevoznega načina − faktor uporabljenega prevoznega načina); faktorji za avtomobil na vozilo-kilometer veljajo le za voznike.',
  mHeat:
    'HEAT: RR = 1 − (1 − RRref) × minute na teden ÷ referenčne minute; preprečene smrti = osebe × stopnja umrljivosti × (1 − RR); vrednost = preprečene smrti × vrednost statističnega življenja.',
  mActivity: 'Energija: kcal = (MET − 1) × telesna masa × ure (neto).',
  mPerInhabitant: 'Na 1.000 prebivalcev = vrednost ÷ prebivalci × 1.000.',
  mCurrency: 'Zneski v drugi valuti = vrednost v evrih × zgoraj navedeni tečaj.',
  mRelease:
    'Zasebnost: skupine z manj kot 5 vozači niso prikazane; uporabniki zbirnih podatkov vidijo le objavljene mesece.',
  modeNames: {
    walk: 'Hoja',
    bike: 'Kolo',
    ebike: 'E-kolo',
    bus: 'Avtobus',
    tram: 'Tramvaj',
    metro: 'Podzemna železnica',
    train: 'Vlak',
    car_driver: 'Avtomobil (voznik)',
    car_passenger: 'Avtomobil (sopotnik)',
    motorbike: 'Motorno kolo',
    other: 'Drugo',
  },
  scopeNames: {
    direct: 'od rezervoarja do kolesa (neposredne emisije)',
    well_to_wheel: 'od vira do kolesa',
    lifecycle: 'življenjski cikel',
    unspecified: 'obseg ni naveden',
  },
  unitVehicleKm: 'km vozila',
  unitPassengerKm: 'potniški km',
  factorSetNames: {
    'desnz-2025-direct':
      'DESNZ (Združeno kraljestvo) 2025, od rezervoarja do kolesa (neposredne emisije)',
    'desnz-2025-wtw':
      'DESNZ (Združeno kraljestvo) 2025, od vira do kolesa (neposredne + od vira do rezervoarja)',
    'dk-tm-2023':
      'Dansko ministrstvo za promet 2023, na potniški kilometer pri povprečni zasedenosti',
    'ecf-2011-lifecycle': 'Evropska kolesarska federacija (ECF) 2011, življenjski cikel',
  },
  hiddenReasons: {
    no_released_month:
      'Vsi podatki obdobja: noben mesec obdobja še ni objavljen (koledarski mesec se objavi nekaj dni po koncu).',
    scope_below_k: 'Manj kot {k} aktivnih vozačev v obdobju.',
    partner_months_left_out:
      '{count} partnerskih mesecev izpuščenih iz teh podatkov: manj kot {k} aktivnih vozačev v mesecu.',
    site_months_left_out:
      '{count} mesecev delovnih mest izpuščenih iz teh podatkov: manj kot {k} aktivnih vozačev v mesecu ali pa bi delovno mesto razkrilo preostanek svojega partnerja.',
    modal_split_modes:
      'Razdelitev prevoznih načinov: {modes} združeni kot skriti (v {count} mesecih enot): manj kot {k} vozačev s tem načinom ali pa bi razkril tak način.',
    baseline_modes:
      'Izhodiščna razdelitev: {modes} združeni kot skriti (v {count} mesecih enot): manj kot {k} vozačev s tem načinom ali pa bi razkril tak način.',
    transition_cells:
      '{count} celic matrike prehodov skritih: manj kot {k} vozačev ali pa bi razkrile tako celico.',
    heat_cycling: 'Zdravstveni podatki (HEAT) za kolesarjenje: manj kot {k} kolesarjev.',
    heat_walking: 'Zdravstveni podatki (HEAT) za hojo: manj kot {k} pešcev.',
    cycling_days: 'Dnevi kolesarjenja in kolesarji: manj kot {k} vozačev z dnevi kolesarjenja.',
    car_replacement:
      'Stopnja nadomestitve avtomobila: manj kot {k} izhodiščnih voznikov avtomobila s potmi.',
    survey_car_km: 'Nadomeščeni km z avtomobilom po anketi: manj kot {k} vozačev s km kot voznik.',
    survey_figures: 'Podatki iz ankete: manj kot {k} vozačev z izhodiščno anketo.',
    distinct_counts_rounded:
      'Števila različnih vozačev v več mesecih so zaokrožena na najbližjih 5; povprečja uporabljajo zaokrožena števila.',
  },
  hiddenInMonths: '({count} mesecev enot izpuščenih)',
  page: 'Stran',
  of: 'od',
};
