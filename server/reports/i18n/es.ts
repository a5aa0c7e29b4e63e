import type { ReportStrings } from './types.js';

/**
 * Spanish report strings. Formal register (usted) and the web app's terms
 * (web/src/i18n/es.ts): persona que se desplaza, reparto modal, situación de partida
 * (baseline), seguimiento (follow-up), km en coche sustituidos, CO2 evitado, HEAT de la OMS.
 */
export const es: ReportStrings = {
  locale: 'es-ES',
  title: 'Informe de movilidad activa',
  titleNetwork: 'Informe de movilidad activa: la red',
  period: 'Periodo',
  generatedAt: 'Generado el',
  inputsHash: 'Huella de los datos de entrada',
  softwareVersion: 'Versión del software',
  factorSet: 'Conjunto de factores de emisión',
  currency: 'Moneda',
  rateLine: '1 EUR = {rate} {currency} ({source}, media anual {year})',
  rateNone: 'Importes en euros, tal como los indica HEAT.',
  releasedNote:
    'Cifras agregadas: solo se cuentan los meses naturales publicados según la regla de privacidad, fijados en el momento de su publicación.',
  liveNote:
    'Cifras en tiempo real de su propio socio: cambian a medida que se registran desplazamientos.',
  contents: 'Índice',
  summary: 'Resumen',
  summaryParagraph:
    'Del {from} al {to}, {active} personas que se desplazan registraron {trips} desplazamientos que suman {km} km. Los desplazamientos que de otro modo se habrían hecho en coche sustituyeron {carKm} km en coche y evitaron {co2} de CO2. Caminar e ir en bicicleta vale {health} al año en muertes prematuras evitadas (HEAT de la OMS). A pie o en bicicleta se hizo el {activeShare} de los desplazamientos, frente al {activeBaseline} antes del programa.',
  summaryNoData: 'No hay cifras que mostrar para este periodo.',
  headline: 'Cifras principales',
  figure: 'Indicador',
  value: 'Valor',
  activeCommuters: 'Personas activas',
  registeredCommuters: 'Personas inscritas',
  trips: 'Desplazamientos',
  distanceKm: 'Distancia (km)',
  co2AvoidedKg: 'CO2 evitado (kg)',
  carKmSubstituted: 'Km en coche sustituidos',
  healthValuePerYear: 'Beneficio para la salud al año',
  activeShare: 'Proporción de desplazamientos a pie o en bicicleta',
  participation: 'Participación',
  tripsPerActiveCommuter: 'Desplazamientos por persona activa',
  modes: 'Desplazamientos y km por modo',
  modesCaption: 'Desplazamientos y distancia por modo principal y por modo de cada etapa',
  mode: 'Modo',
  shareTrips: 'Proporción de desplazamientos',
  shareKm: 'Proporción de km',
  modalShift: 'Reparto modal y cambio frente a la situación de partida',
  baselineShare: 'Proporción de desplazamientos en la situación de partida',
  shiftPp: 'Cambio (puntos porcentuales)',
  hidden: 'oculto (menos de 5 personas)',
  noBaseline: 'No hay situación de partida con la que comparar.',
  transitions: 'Matriz de transiciones',
  transitionsCaption:
    'Personas que se desplazan según su modo habitual antes (filas) y su modo principal ahora (columnas)',
  fromMode: 'Antes',
  toMode: 'Ahora',
  commuters: 'Personas que se desplazan',
  suppressedCell: 'menos de 5',
  carReplacementRate: 'Tasa de sustitución del coche',
  carKm: 'Km en coche sustituidos',
  carKmCaption: 'Km en coche sustituidos, calculados de dos maneras',
  method: 'Método',
  replacedModeMethod:
    'Modo sustituido (desplazamientos que sustituyeron un viaje como conductor de coche), km',
  replacedModePerWeek: 'Modo sustituido, km por semana',
  surveyMethod:
    'Encuesta (km como conductor de coche en la situación de partida menos en el seguimiento), km por semana',
  carKmWhy:
    'Los dos métodos miden cosas distintas. La cifra según el modo sustituido cuenta solo los desplazamientos en los que la persona indicó que sustituía un viaje en coche; la cifra de la encuesta compara el uso habitual del coche de cada persona antes de inscribirse con el uso del coche que registra ahora, por semana de desplazamientos. Coinciden cuando las personas indican el modo sustituido en cada desplazamiento y registran todos sus desplazamientos; los desplazamientos sin indicación ({unlabelled} de los km) y los no registrados hacen que difieran.',
  co2: 'CO2 evitado',
  co2Caption: 'Factores de emisión utilizados (kg CO2e por km)',
  co2Text:
    'CO2 evitado = Σ km × (factor del modo sustituido − factor del modo utilizado). Conjunto de factores: {name} ({scope}), {source}, {year}.',
  factor: 'kg CO2e por km',
  unit: 'Unidad',
  heat: 'Evaluación económica de los efectos sobre la salud (HEAT de la OMS)',
  heatCaption: 'HEAT al año, con el efecto completo',
  heatYearsCaption: 'HEAT en el periodo de evaluación, con desarrollo del efecto y descuento',
  people: 'Personas',
  minutesPerWeek: 'Minutos por semana',
  riskReduction: 'Reducción del riesgo',
  deathsPreventedPerYear: 'Muertes evitadas al año',
  valuePerYear: 'Valor al año',
  walking: 'A pie',
  cycling: 'En bicicleta',
  total: 'Total',
  year: 'Año',
  buildUpShare: 'Proporción del efecto completo',
  deathsPrevented: 'Muertes evitadas',
  valueUndiscounted: 'Valor, sin descontar',
  discountFactor: 'Factor de descuento',
  valueDiscounted: 'Valor, descontado',
  heatWithheld: 'no se muestra (menos de 5 personas)',
  heatText:
    'Periodo de evaluación de {years} años, el efecto se desarrolla de forma lineal en {buildUp} años, tasa de descuento {rate}.',
  activity: 'Actividad física',
  activeMinutes: 'Minutos activos por persona y semana',
  whoTarget: 'Objetivo de la OMS, minutos por semana',
  shareMeetingTarget: 'Proporción de personas que alcanzan el objetivo',
  kcalNet: 'kcal quemadas caminando y en bicicleta (netas)',
  cyclingDays: 'Días en bicicleta',
  map: 'Mapa de recorridos agregados',
  mapCaption:
    'Celdas del mapa recorridas por al menos 5 personas en un trimestre publicado; las celdas más oscuras reúnen más desplazamientos. Los recorridos guardados se recortan cerca de los domicilios y de los lugares de trabajo.',
  mapEmpty: 'No hay ninguna celda del mapa publicada para este periodo.',
  mapTowns: 'Las ciudades del informe; los círculos crecen con los desplazamientos registrados.',
  mapInset: '{cells} celdas publicadas',
  townCentre: 'centro urbano',
  mapCells: 'Celdas del mapa publicadas',
  cell: 'Celda',
  sites: 'Centros',
  sitesCaption: 'Cifras por centro',
  site: 'Centro',
  withheld: 'no se muestra',
  noSites: 'No hay centros.',
  rollUp: 'Comparación entre socios',
  rollUpCaption: 'Socios: totales, por participante y por cada 1000 habitantes',
  partner: 'Socio',
  population: 'Habitantes',
  populationYear: 'Año',
  co2PerParticipant: 'CO2 evitado por persona activa (kg)',
  tripsPer1000: 'Desplazamientos por cada 1000 habitantes',
  co2Per1000: 'CO2 evitado por cada 1000 habitantes (kg)',
  participantsPer1000: 'Personas activas por cada 1000 habitantes',
  populationSources: 'Fuentes de población',
  notChecked: 'no se ha vuelto a comprobar con la fuente',
  dataQuality: 'Calidad de los datos y limitaciones',
  unlabelledShare: 'Proporción de km sin modo sustituido',
  unconfirmedTrips: 'Desplazamientos pendientes de confirmación (no contados)',
  suppressedList: 'No se muestra según la regla de privacidad',
  limitations:
    'Las cifras describen a las personas que participaron, no a todo el municipio. Los desplazamientos los registran las propias personas o se obtienen de aplicaciones de seguimiento y ellas los confirman. El modo sustituido es el que indicó la persona; no se puede observar. Los valores de HEAT son estimaciones para la población evaluada, con la incertidumbre de los estudios en los que se basan.',
  methodology: 'Metodología',
  formula: 'Fórmula o parámetro',
  source: 'Fuente',
  mParticipation:
    'Personas activas: personas inscritas con al menos un desplazamiento confirmado en el periodo. Desplazamientos: desplazamientos confirmados, cada uno contado una vez por su modo principal (el modo de su etapa más larga). Distancia: la suma de los km de todas las etapas.',
  mReplacementRate:
    'Tasa de sustitución del coche: la proporción de los desplazamientos al trabajo hechos antes conduciendo un coche que ahora se hacen en otro modo.',
  mCyclingDays:
    'Día en bicicleta: un día en que una persona hizo en bicicleta al menos parte de un desplazamiento al trabajo.',
  mSplit:
    'Reparto modal: proporción de desplazamientos por modo principal (etapa más larga) y de pasajeros-km por modo de cada etapa.',
  mShift:
    'Cambio modal: proporción en el seguimiento menos proporción en la situación de partida, en puntos porcentuales.',
  mCarKm:
    'Km en coche sustituidos: (a) Σ km de las etapas cuyo modo sustituido es coche como conductor; (b) km como conductor de coche en la situación de partida menos en el seguimiento de las mismas personas, por semana de desplazamientos.',
  mCo2: 'CO2 evitado = Σ km × (factor del modo sustituido − factor del modo utilizado); los factores del coche por vehículo-km se aplican solo a quien conduce.',
  mHeat:
    'HEAT: RR = 1 − (1 − RRref) × minutos por semana ÷ minutos de referencia; muertes evitadas = personas × tasa de mortalidad × (1 − RR); valor = muertes evitadas × valor de una vida estadística.',
  mActivity: 'Energía: kcal = (MET − 1) × masa corporal × horas (netas).',
  mPerInhabitant: 'Por cada 1000 habitantes = cifra ÷ habitantes × 1000.',
  mCurrency: 'Importes en otra moneda = valor en euros × el tipo indicado arriba.',
  mRelease:
    'Privacidad: los grupos de menos de 5 personas no se muestran; quien consulta cifras agregadas solo ve los meses publicados.',
  modeNames: {
    walk: 'A pie',
    bike: 'Bicicleta',
    ebike: 'Bicicleta eléctrica',
    bus: 'Autobús',
    tram: 'Tranvía',
    metro: 'Metro',
    train: 'Tren',
    car_driver: 'Coche (conductor)',
    car_passenger: 'Coche (acompañante)',
    motorbike: 'Moto',
    other: 'Otro',
  },
  scopeNames: {
    direct: 'del depósito a la rueda (directo)',
    well_to_wheel: 'del pozo a la rueda',
    lifecycle: 'ciclo de vida',
    unspecified: 'alcance no indicado',
  },
  unitVehicleKm: 'vehículo-km',
  unitPassengerKm: 'viajero-km',
  factorSetNames: {
    'desnz-2025-direct': 'DESNZ (Reino Unido) 2025, del depósito a la rueda (directo)',
    'desnz-2025-wtw':
      'DESNZ (Reino Unido) 2025, del pozo a la rueda (directo + del pozo al depósito)',
    'dk-tm-2023': 'Ministerio de Transportes de Dinamarca 2023, por viajero-km con ocupación media',
    'ecf-2011-lifecycle': 'Federación Europea de Ciclistas (ECF) 2011, ciclo de vida',
  },
  hiddenReasons: {
    no_released_month:
      'Todas las cifras del periodo: aún no se ha publicado ningún mes (un mes natural se publica unos días después de terminar).',
    scope_below_k: 'Menos de {k} personas activas en el periodo.',
    partner_months_left_out:
      '{count} meses-socio fuera de estas cifras: menos de {k} personas activas en el mes.',
    site_months_left_out:
      '{count} meses-centro fuera de estas cifras: menos de {k} personas activas en el mes, o el centro revelaría el resto de su socio.',
    modal_split_modes:
      'Reparto modal: {modes} agrupados como ocultos (en {count} meses-unidad): menos de {k} personas en el modo, o revelaría un modo que las tiene.',
    baseline_modes:
      'Reparto inicial: {modes} agrupados como ocultos (en {count} meses-unidad): menos de {k} personas en el modo, o revelaría un modo que las tiene.',
    transition_cells:
      '{count} celdas de la matriz de transiciones ocultas: menos de {k} personas, o revelarían una celda que las tiene.',
    heat_cycling: 'Cifras de salud (HEAT) de la bicicleta: menos de {k} ciclistas.',
    heat_walking: 'Cifras de salud (HEAT) de la marcha a pie: menos de {k} peatones.',
    cycling_days: 'Días en bicicleta y ciclistas: menos de {k} personas con días en bicicleta.',
    car_replacement:
      'Tasa de sustitución del coche: menos de {k} conductores iniciales con desplazamientos.',
    survey_car_km:
      'Km en coche sustituidos según la encuesta: menos de {k} personas con km como conductoras.',
    survey_figures: 'Cifras de la encuesta: menos de {k} personas con encuesta inicial.',
    distinct_counts_rounded:
      'Los recuentos de personas distintas en varios meses se redondean al 5 más cercano; las medias usan los recuentos redondeados.',
  },
  hiddenInMonths: '({count} meses-unidad fuera)',
  page: 'Página',
  of: 'de',
};
