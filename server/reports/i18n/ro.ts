import type { ReportStrings } from './types.js';

/** Romanian report strings (terms as in web/src/i18n/ro.ts: navetist, situația de referință, OMS). */
export const ro: ReportStrings = {
  locale: 'ro-RO',
  title: 'Raport privind mobilitatea activă',
  titleNetwork: 'Raport privind mobilitatea activă: rețeaua',
  period: 'Perioadă',
  generatedAt: 'Generat la',
  inputsHash: 'Amprenta (hash) datelor de intrare',
  softwareVersion: 'Versiunea software',
  factorSet: 'Set de factori de emisie',
  currency: 'Monedă',
  rateLine: '1 EUR = {rate} {currency} ({source}, media anuală {year})',
  rateNone: 'Valori monetare în euro, așa cum le indică HEAT.',
  releasedNote:
    'Cifre agregate: se iau în calcul doar lunile calendaristice publicate conform regulii de confidențialitate, înghețate la publicare.',
  liveNote:
    'Cifre actuale ale propriului dumneavoastră partener: se modifică pe măsură ce sunt înregistrate deplasări.',
  contents: 'Cuprins',
  summary: 'Rezumat',
  summaryParagraph:
    'Între {from} și {to}, navetiștii activi, în număr de {active}, au înregistrat deplasări în număr total de {trips}, însumând {km} km. Deplasările care altfel s-ar fi făcut cu mașina au economisit {carKm} km cu mașina și {co2} de CO2. Mersul pe jos și cu bicicleta valorează {health} pe an prin decesele premature evitate (HEAT al OMS). Mersul pe jos și cu bicicleta au reprezentat {activeShare} din deplasări, față de {activeBaseline} înainte de program.',
  summaryNoData: 'Nu există cifre pentru această perioadă.',
  headline: 'Cifre principale',
  figure: 'Indicator',
  value: 'Valoare',
  activeCommuters: 'Navetiști activi',
  registeredCommuters: 'Navetiști înscriși',
  trips: 'Deplasări',
  distanceKm: 'Distanță (km)',
  co2AvoidedKg: 'CO2 evitat (kg)',
  carKmSubstituted: 'Km cu mașina înlocuiți',
  healthValuePerYear: 'Beneficiu pentru sănătate pe an',
  activeShare: 'Ponderea deplasărilor pe jos sau cu bicicleta',
  participation: 'Participare',
  tripsPerActiveCommuter: 'Deplasări pe navetist activ',
  modes: 'Deplasări și km pe mod de transport',
  modesCaption:
    'Deplasări și distanță după modul principal și după modul de transport al fiecărei etape',
  mode: 'Mod de transport',
  shareTrips: 'Ponderea în deplasări',
  shareKm: 'Ponderea în km',
  modalShift: 'Repartiția modală și schimbarea față de situația de referință',
  baselineShare: 'Ponderea în deplasări în situația de referință',
  shiftPp: 'Schimbare (pp)',
  hidden: 'ascuns (mai puțin de 5 navetiști)',
  noBaseline: 'Nu există o situație de referință pentru comparație.',
  transitions: 'Matricea tranzițiilor',
  transitionsCaption:
    'Navetiști după modul obișnuit de dinainte (rânduri) și modul principal de acum (coloane)',
  fromMode: 'Înainte',
  toMode: 'Acum',
  commuters: 'Navetiști',
  suppressedCell: 'mai puțin de 5',
  carReplacementRate: 'Rata de înlocuire a mașinii',
  carKm: 'Km cu mașina înlocuiți',
  carKmCaption: 'Km cu mașina înlocuiți, calculați prin două metode',
  method: 'Metodă',
  replacedModeMethod:
    'Modul înlocuit (deplasări care au înlocuit o deplasare ca șofer de mașină), km',
  replacedModePerWeek: 'Modul înlocuit, km pe săptămână',
  surveyMethod:
    'Chestionar (km ca șofer în situația de referință minus km ca șofer la monitorizare), km pe săptămână',
  carKmWhy:
    'Cele două metode măsoară lucruri diferite. Cifra după modul înlocuit include doar deplasările pentru care navetistul a declarat că a înlocuit o deplasare cu mașina; cifra din chestionar compară utilizarea obișnuită a mașinii de către fiecare navetist înainte de înscriere cu utilizarea mașinii înregistrată acum, pe săptămână de navetă. Cele două coincid atunci când navetiștii etichetează și înregistrează fiecare deplasare; deplasările neetichetate ({unlabelled} din km) și deplasările neînregistrate produc diferența.',
  co2: 'CO2 evitat',
  co2Caption: 'Factori de emisie utilizați (kg CO2e pe km)',
  co2Text:
    'CO2 evitat = Σ km × (factorul modului înlocuit − factorul modului utilizat). Set de factori: {name} ({scope}), {source}, {year}.',
  factor: 'kg CO2e pe km',
  unit: 'Unitate',
  heat: 'Evaluarea economică a efectelor asupra sănătății (HEAT al OMS)',
  heatCaption: 'HEAT pe an, la efect deplin',
  heatYearsCaption:
    'HEAT pe perioada de evaluare, cu instalarea treptată a efectului și actualizare',
  people: 'Persoane',
  minutesPerWeek: 'Minute pe săptămână',
  riskReduction: 'Reducerea riscului',
  deathsPreventedPerYear: 'Decese prevenite pe an',
  valuePerYear: 'Valoare pe an',
  walking: 'Mers pe jos',
  cycling: 'Mers cu bicicleta',
  total: 'Total',
  year: 'An',
  buildUpShare: 'Proporția din efectul deplin',
  deathsPrevented: 'Decese prevenite',
  valueUndiscounted: 'Valoare neactualizată',
  discountFactor: 'Factor de actualizare',
  valueDiscounted: 'Valoare actualizată',
  heatWithheld: 'nepublicat (mai puțin de 5 persoane)',
  heatText:
    'Perioada de evaluare, în ani: {years}; efectele cresc liniar pe o durată, în ani, de {buildUp}; rata de actualizare: {rate}.',
  activity: 'Activitate fizică',
  activeMinutes: 'Minute active pe navetist și săptămână',
  whoTarget: 'Ținta OMS, minute pe săptămână',
  shareMeetingTarget: 'Ponderea navetiștilor care ating ținta',
  kcalNet: 'kcal consumate prin mers pe jos și cu bicicleta (net)',
  cyclingDays: 'Zile cu bicicleta',
  map: 'Harta traseelor agregate',
  mapCaption:
    'Celulele hărții traversate de cel puțin 5 navetiști într-un trimestru publicat; celulele mai închise la culoare au mai multe deplasări. Traseele stocate sunt scurtate în apropierea locuințelor și a locurilor de muncă.',
  mapEmpty: 'Nicio celulă a hărții nu este publicată pentru această perioadă.',
  mapTowns: 'Orașele raportului; cercurile cresc cu deplasările înregistrate.',
  mapInset: '{cells} celule publicate',
  townCentre: 'centrul orașului',
  mapCells: 'Celule publicate ale hărții',
  cell: 'Celulă',
  sites: 'Locații',
  sitesCaption: 'Cifre pe locație',
  site: 'Locație',
  withheld: 'nepublicat',
  noSites: 'Nicio locație.',
  rollUp: 'Comparația partenerilor',
  rollUpCaption: 'Partenerii în total, pe participant și la 1.000 de locuitori',
  partner: 'Partener',
  population: 'Locuitori',
  populationYear: 'An',
  co2PerParticipant: 'CO2 evitat pe navetist activ (kg)',
  tripsPer1000: 'Deplasări la 1.000 de locuitori',
  co2Per1000: 'CO2 evitat la 1.000 de locuitori (kg)',
  participantsPer1000: 'Navetiști activi la 1.000 de locuitori',
  populationSources: 'Surse pentru populație',
  notChecked: 'neverificat din nou cu sursa',
  dataQuality: 'Calitatea datelor și limitări',
  unlabelledShare: 'Ponderea km fără mod de transport înlocuit',
  unconfirmedTrips: 'Deplasări care așteaptă confirmarea (neluate în calcul)',
  suppressedList: 'Nepublicate conform regulii de confidențialitate',
  limitations:
    'Cifrele descriu navetiștii care au participat, nu întregul oraș. Deplasările sunt înregistrate de navetiști înșiși sau deduse din aplicații de monitorizare și confirmate de aceștia. Modul înlocuit este cel declarat de navetist; acesta nu poate fi observat. Valorile HEAT sunt estimări pentru populația evaluată, cu incertitudinea studiilor pe care se bazează.',
  methodology: 'Metodologie',
  formula: 'Formulă sau parametru',
  source: 'Sursă',
  mParticipation:
    'Navetiști activi: navetiști înscriși cu cel puțin o deplasare confirmată în perioadă. Deplasări: deplasări confirmate, fiecare numărată o dată după modul principal (modul celei mai lungi etape). Distanță: suma km ai tuturor etapelor.',
  mReplacementRate:
    'Rata de înlocuire a mașinii: ponderea deplasărilor la serviciu făcute înainte ca șofer care acum se fac cu alt mod.',
  mCyclingDays:
    'Zi cu bicicleta: o zi în care un navetist a mers cu bicicleta cel puțin o parte dintr-o deplasare la serviciu.',
  mSplit:
    'Repartiția modală: ponderea deplasărilor după modul principal (cea mai lungă etapă) și a pasageri-km după modul de transport al etapei.',
  mShift:
    'Schimbarea modului de transport: ponderea la monitorizare minus ponderea în situația de referință, în puncte procentuale.',
  mCarKm:
    'Km cu mașina înlocuiți: (a) Σ km ai etapelor al căror mod înlocuit este mașina (șofer); (b) km ca șofer în situația de referință minus km ca șofer la monitorizare ai acelorași navetiști, pe săptămână de navetă.',
  mCo2: 'CO2 evitat = Σ km × (factorul modului înlocuit − factorul modului utilizat); factorii pentru mașină pe vehicul-km se aplică doar șoferilor.',
  mHeat:
    'HEAT: RR = 1 − (1 − RRref) × minute pe săptămână ÷ minute de referință; decese prevenite = persoane × rata mortalității × (1 − RR); valoare = decese prevenite × valoarea unei vieți statistice.',
  mActivity: 'Energie: kcal = (MET − 1) × masa corporală × ore (net).',
  mPerInhabitant: 'La 1.000 de locuitori = cifra ÷ locuitori × 1.000.',
  mCurrency: 'Sume în altă monedă = valoarea în euro × cursul indicat mai sus.',
  mRelease:
    'Confidențialitate: grupurile de mai puțin de 5 navetiști nu sunt publicate; utilizatorii cifrelor agregate văd doar lunile publicate.',
  modeNames: {
    walk: 'Mers pe jos',
    bike: 'Bicicletă',
    ebike: 'Bicicletă electrică',
    bus: 'Autobuz',
    tram: 'Tramvai',
    metro: 'Metrou',
    train: 'Tren',
    car_driver: 'Mașină (șofer)',
    car_passenger: 'Mașină (pasager)',
    motorbike: 'Motocicletă',
    other: 'Altul',
  },
  scopeNames: {
    direct: 'de la rezervor la roată (direct)',
    well_to_wheel: 'de la sursă la roată',
    lifecycle: 'ciclu de viață',
    unspecified: 'sfera de cuprindere nu este precizată',
  },
  unitVehicleKm: 'vehicul-km',
  unitPassengerKm: 'pasager-km',
  factorSetNames: {
    'desnz-2025-direct': 'DESNZ (Regatul Unit) 2025, de la rezervor la roată (direct)',
    'desnz-2025-wtw':
      'DESNZ (Regatul Unit) 2025, de la sursă la roată (direct + de la sursă la rezervor)',
    'dk-tm-2023':
      'Ministerul Transporturilor din Danemarca 2023, pe pasager-km la gradul mediu de ocupare',
    'ecf-2011-lifecycle': 'Federația Europeană a Bicicliștilor (ECF) 2011, ciclu de viață',
  },
  hiddenReasons: {
    no_released_month:
      'Toate cifrele perioadei: nicio lună a ei nu a fost încă publicată (o lună calendaristică se publică la câteva zile după sfârșitul ei).',
    scope_below_k: 'Mai puțin de {k} navetiști activi în perioadă.',
    partner_months_left_out:
      '{count} luni-partener lăsate în afara acestor cifre: mai puțin de {k} navetiști activi în lună.',
    site_months_left_out:
      '{count} luni-sediu lăsate în afara acestor cifre: mai puțin de {k} navetiști activi în lună, sau sediul ar dezvălui restul partenerului său.',
    modal_split_modes:
      'Repartiția modală: {modes} grupate ca ascunse (în {count} luni-unitate): mai puțin de {k} navetiști cu acest mod, sau ar dezvălui un astfel de mod.',
    baseline_modes:
      'Repartiția inițială: {modes} grupate ca ascunse (în {count} luni-unitate): mai puțin de {k} navetiști cu acest mod, sau ar dezvălui un astfel de mod.',
    transition_cells:
      '{count} celule ale matricei tranzițiilor ascunse: mai puțin de {k} navetiști, sau ar dezvălui o astfel de celulă.',
    heat_cycling:
      'Cifre de sănătate (HEAT) pentru mersul cu bicicleta: mai puțin de {k} bicicliști.',
    heat_walking: 'Cifre de sănătate (HEAT) pentru mersul pe jos: mai puțin de {k} pietoni.',
    cycling_days:
      'Zile cu bicicleta și bicicliști: mai puțin de {k} navetiști cu zile cu bicicleta.',
    car_replacement: 'Rata de înlocuire a mașinii: mai puțin de {k} șoferi inițiali cu deplasări.',
    survey_car_km:
      'Km cu mașina înlocuiți conform chestionarului: mai puțin de {k} navetiști cu km ca șoferi.',
    survey_figures: 'Cifre din chestionar: mai puțin de {k} navetiști cu chestionar inițial.',
    distinct_counts_rounded:
      'Numărul de navetiști distincți pe mai multe luni este rotunjit la cel mai apropiat multiplu de 5; mediile folosesc valorile rotunjite.',
  },
  hiddenInMonths: '({count} luni-unitate lăsate afară)',
  page: 'Pagina',
  of: 'din',
};
