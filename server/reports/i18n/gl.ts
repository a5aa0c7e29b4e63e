import type { ReportStrings } from './types.js';

/**
 * Galician report strings (Lugo). Formal register (vostede) and the web app's terms
 * (web/src/i18n/gl.ts): persoa que se despraza, repartición modal, situación de partida
 * (baseline), seguimento (follow-up), km en coche substituídos, CO2 evitado, HEAT da OMS.
 * Intl formats numbers and dates with `gl-ES` (Node's full ICU has it: "3 de outubro de 2011").
 */
export const gl: ReportStrings = {
  locale: 'gl-ES',
  title: 'Informe de mobilidade activa',
  titleNetwork: 'Informe de mobilidade activa: a rede',
  period: 'Período',
  generatedAt: 'Xerado o',
  inputsHash: 'Pegada dos datos de entrada',
  softwareVersion: 'Versión do software',
  factorSet: 'Conxunto de factores de emisión',
  currency: 'Moeda',
  rateLine: '1 EUR = {rate} {currency} ({source}, media anual {year})',
  rateNone: 'Importes en euros, tal como os indica HEAT.',
  releasedNote:
    'Cifras agregadas: só se contan os meses naturais publicados segundo a regra de privacidade, fixados no momento da súa publicación.',
  liveNote:
    'Cifras en tempo real do seu propio socio: cambian a medida que se rexistran desprazamentos.',
  contents: 'Índice',
  summary: 'Resumo',
  summaryParagraph:
    'Do {from} ao {to}, {active} persoas que se desprazan rexistraron {trips} desprazamentos que suman {km} km. Os desprazamentos que doutro xeito se farían en coche substituíron {carKm} km en coche e evitaron {co2} de CO2. Camiñar e ir en bicicleta vale {health} ao ano en mortes prematuras evitadas (HEAT da OMS). A pé ou en bicicleta fíxose o {activeShare} dos desprazamentos, fronte ao {activeBaseline} antes do programa.',
  summaryNoData: 'Non hai cifras que amosar para este período.',
  headline: 'Cifras principais',
  figure: 'Indicador',
  value: 'Valor',
  activeCommuters: 'Persoas activas',
  registeredCommuters: 'Persoas inscritas',
  trips: 'Desprazamentos',
  distanceKm: 'Distancia (km)',
  co2AvoidedKg: 'CO2 evitado (kg)',
  carKmSubstituted: 'Km en coche substituídos',
  healthValuePerYear: 'Beneficio para a saúde ao ano',
  activeShare: 'Proporción de desprazamentos a pé ou en bicicleta',
  participation: 'Participación',
  tripsPerActiveCommuter: 'Desprazamentos por persoa activa',
  modes: 'Desprazamentos e km por modo',
  modesCaption: 'Desprazamentos e distancia por modo principal e por modo de cada etapa',
  mode: 'Modo',
  shareTrips: 'Proporción de desprazamentos',
  shareKm: 'Proporción de km',
  modalShift: 'Repartición modal e cambio fronte á situación de partida',
  baselineShare: 'Proporción de desprazamentos na situación de partida',
  shiftPp: 'Cambio (puntos porcentuais)',
  hidden: 'oculto (menos de 5 persoas)',
  noBaseline: 'Non hai situación de partida coa que comparar.',
  transitions: 'Matriz de transicións',
  transitionsCaption:
    'Persoas que se desprazan segundo o seu modo habitual antes (filas) e o seu modo principal agora (columnas)',
  fromMode: 'Antes',
  toMode: 'Agora',
  commuters: 'Persoas que se desprazan',
  suppressedCell: 'menos de 5',
  carReplacementRate: 'Taxa de substitución do coche',
  carKm: 'Km en coche substituídos',
  carKmCaption: 'Km en coche substituídos, calculados de dúas maneiras',
  method: 'Método',
  replacedModeMethod:
    'Modo substituído (desprazamentos que substituíron unha viaxe como condutor de coche), km',
  replacedModePerWeek: 'Modo substituído, km por semana',
  surveyMethod:
    'Enquisa (km como condutor de coche na situación de partida menos no seguimento), km por semana',
  carKmWhy:
    'Os dous métodos miden cousas distintas. A cifra segundo o modo substituído conta só os desprazamentos nos que a persoa indicou que substituía unha viaxe en coche; a cifra da enquisa compara o uso habitual do coche de cada persoa antes de inscribirse co uso do coche que rexistra agora, por semana de desprazamentos. Coinciden cando as persoas indican o modo substituído en cada desprazamento e rexistran todos os seus desprazamentos; os desprazamentos sen indicación ({unlabelled} dos km) e os non rexistrados fan que difiran.',
  co2: 'CO2 evitado',
  co2Caption: 'Factores de emisión utilizados (kg CO2e por km)',
  co2Text:
    'CO2 evitado = Σ km × (factor do modo substituído − factor do modo utilizado). Conxunto de factores: {name} ({scope}), {source}, {year}.',
  factor: 'kg CO2e por km',
  unit: 'Unidade',
  heat: 'Avaliación económica dos efectos sobre a saúde (HEAT da OMS)',
  heatCaption: 'HEAT ao ano, co efecto completo',
  heatYearsCaption: 'HEAT no período de avaliación, co desenvolvemento do efecto e desconto',
  people: 'Persoas',
  minutesPerWeek: 'Minutos por semana',
  riskReduction: 'Redución do risco',
  deathsPreventedPerYear: 'Mortes evitadas ao ano',
  valuePerYear: 'Valor ao ano',
  walking: 'A pé',
  cycling: 'En bicicleta',
  total: 'Total',
  year: 'Ano',
  buildUpShare: 'Proporción do efecto completo',
  deathsPrevented: 'Mortes evitadas',
  valueUndiscounted: 'Valor, sen descontar',
  discountFactor: 'Factor de desconto',
  valueDiscounted: 'Valor, descontado',
  heatWithheld: 'non se amosa (menos de 5 persoas)',
  heatText:
    'Período de avaliación de {years} anos, o efecto desenvólvese de forma lineal en {buildUp} anos, taxa de desconto {rate}.',
  activity: 'Actividade física',
  activeMinutes: 'Minutos activos por persoa e semana',
  whoTarget: 'Obxectivo da OMS, minutos por semana',
  shareMeetingTarget: 'Proporción de persoas que alcanzan o obxectivo',
  kcalNet: 'kcal queimadas camiñando e en bicicleta (netas)',
  cyclingDays: 'Días en bicicleta',
  map: 'Mapa de percorridos agregados',
  mapCaption:
    'Celas do mapa percorridas por polo menos 5 persoas nun trimestre publicado; as celas máis escuras reúnen máis desprazamentos. Os percorridos gardados recórtanse preto dos domicilios e dos lugares de traballo.',
  mapEmpty: 'Non hai ningunha cela do mapa publicada para este período.',
  mapTowns: 'As cidades do informe; os círculos medran cos desprazamentos rexistrados.',
  mapInset: '{cells} celas publicadas',
  townCentre: 'centro urbano',
  mapCells: 'Celas do mapa publicadas',
  cell: 'Cela',
  sites: 'Centros',
  sitesCaption: 'Cifras por centro',
  site: 'Centro',
  withheld: 'non se amosa',
  noSites: 'Non hai centros.',
  rollUp: 'Comparación entre socios',
  rollUpCaption: 'Socios: totais, por participante e por cada 1000 habitantes',
  partner: 'Socio',
  population: 'Habitantes',
  populationYear: 'Ano',
  co2PerParticipant: 'CO2 evitado por persoa activa (kg)',
  tripsPer1000: 'Desprazamentos por cada 1000 habitantes',
  co2Per1000: 'CO2 evitado por cada 1000 habitantes (kg)',
  participantsPer1000: 'Persoas activas por cada 1000 habitantes',
  populationSources: 'Fontes da poboación',
  notChecked: 'non se volveu comprobar coa fonte',
  dataQuality: 'Calidade dos datos e limitacións',
  unlabelledShare: 'Proporción de km sen modo substituído',
  unconfirmedTrips: 'Desprazamentos pendentes de confirmación (non contados)',
  suppressedList: 'Non se amosa segundo a regra de privacidade',
  limitations:
    'As cifras describen as persoas que participaron, non todo o concello. Os desprazamentos rexístranos as propias persoas ou obtéñense de aplicacións de seguimento e elas confírmanos. O modo substituído é o que indicou a persoa; non se pode observar. Os valores de HEAT son estimacións para a poboación avaliada, coa incerteza dos estudos nos que se basean.',
  methodology: 'Metodoloxía',
  formula: 'Fórmula ou parámetro',
  source: 'Fonte',
  mParticipation:
    'Persoas activas: persoas inscritas con polo menos un desprazamento confirmado no período. Desprazamentos: desprazamentos confirmados, cada un contado unha vez polo seu modo principal (o modo da súa etapa máis longa). Distancia: a suma dos km de todas as etapas.',
  mReplacementRate:
    'Taxa de substitución do coche: a proporción dos desprazamentos ao traballo feitos antes conducindo un coche que agora se fan noutro modo.',
  mCyclingDays:
    'Día en bicicleta: un día en que unha persoa fixo en bicicleta polo menos parte dun desprazamento ao traballo.',
  mSplit:
    'Repartición modal: proporción de desprazamentos por modo principal (etapa máis longa) e de pasaxeiros-km por modo de cada etapa.',
  mShift:
    'Cambio modal: proporción no seguimento menos proporción na situación de partida, en puntos porcentuais.',
  mCarKm:
    'Km en coche substituídos: (a) Σ km das etapas cuxo modo substituído é coche como condutor; (b) km como condutor de coche na situación de partida menos no seguimento das mesmas persoas, por semana de desprazamentos.',
  mCo2: 'CO2 evitado = Σ km × (factor do modo substituído − factor do modo utilizado); os factores do coche por vehículo-km aplícanse só a quen conduce.',
  mHeat:
    'HEAT: RR = 1 − (1 − RRref) × minutos por semana ÷ minutos de referencia; mortes evitadas = persoas × taxa de mortalidade × (1 − RR); valor = mortes evitadas × valor dunha vida estatística.',
  mActivity: 'Enerxía: kcal = (MET − 1) × masa corporal × horas (netas).',
  mPerInhabitant: 'Por cada 1000 habitantes = cifra ÷ habitantes × 1000.',
  mCurrency: 'Importes noutra moeda = valor en euros × o tipo indicado arriba.',
  mRelease:
    'Privacidade: os grupos de menos de 5 persoas non se amosan; quen consulta cifras agregadas só ve os meses publicados.',
  modeNames: {
    walk: 'A pé',
    bike: 'Bicicleta',
    ebike: 'Bicicleta eléctrica',
    bus: 'Autobús',
    tram: 'Tranvía',
    metro: 'Metro',
    train: 'Tren',
    car_driver: 'Coche (condutor)',
    car_passenger: 'Coche (acompañante)',
    motorbike: 'Moto',
    other: 'Outro',
  },
  scopeNames: {
    direct: 'do depósito á roda (directo)',
    well_to_wheel: 'do pozo á roda',
    lifecycle: 'ciclo de vida',
    unspecified: 'alcance non indicado',
  },
  unitVehicleKm: 'vehículo-km',
  unitPassengerKm: 'viaxeiro-km',
  factorSetNames: {
    'desnz-2025-direct': 'DESNZ (Reino Unido) 2025, do depósito á roda (directo)',
    'desnz-2025-wtw': 'DESNZ (Reino Unido) 2025, do pozo á roda (directo + do pozo ao depósito)',
    'dk-tm-2023':
      'Ministerio de Transportes de Dinamarca 2023, por viaxeiro-km con ocupación media',
    'ecf-2011-lifecycle': 'Federación Europea de Ciclistas (ECF) 2011, ciclo de vida',
  },
  hiddenReasons: {
    no_released_month:
      'Todas as cifras do período: aínda non se publicou ningún mes (un mes natural publícase uns días despois de rematar).',
    scope_below_k: 'Menos de {k} persoas activas no período.',
    partner_months_left_out:
      '{count} meses-socio fóra destas cifras: menos de {k} persoas activas no mes.',
    site_months_left_out:
      '{count} meses-centro fóra destas cifras: menos de {k} persoas activas no mes, ou o centro revelaría o resto do seu socio.',
    modal_split_modes:
      'Repartición modal: {modes} agrupados como ocultos (en {count} meses-unidade): menos de {k} persoas no modo, ou revelaría un modo que as ten.',
    baseline_modes:
      'Repartición inicial: {modes} agrupados como ocultos (en {count} meses-unidade): menos de {k} persoas no modo, ou revelaría un modo que as ten.',
    transition_cells:
      '{count} celas da matriz de transicións ocultas: menos de {k} persoas, ou revelarían unha cela que as ten.',
    heat_cycling: 'Cifras de saúde (HEAT) da bicicleta: menos de {k} ciclistas.',
    heat_walking: 'Cifras de saúde (HEAT) da marcha a pé: menos de {k} peóns.',
    cycling_days: 'Días en bicicleta e ciclistas: menos de {k} persoas con días en bicicleta.',
    car_replacement:
      'Taxa de substitución do coche: menos de {k} condutores iniciais con desprazamentos.',
    survey_car_km:
      'Km en coche substituídos segundo a enquisa: menos de {k} persoas con km como condutoras.',
    survey_figures: 'Cifras da enquisa: menos de {k} persoas con enquisa inicial.',
    distinct_counts_rounded:
      'As contas de persoas distintas en varios meses arredóndanse ao 5 máis próximo; as medias usan as contas arredondadas.',
  },
  hiddenInMonths: '({count} meses-unidade fóra)',
  page: 'Páxina',
  of: 'de',
};
