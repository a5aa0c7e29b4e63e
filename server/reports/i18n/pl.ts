import type { ReportStrings } from './types.js';

/**
 * Polish report strings (terms as in web/src/i18n/pl.ts: osoba dojeżdżająca, stan wyjściowy,
 * WHO). Counts are written as "łącznie {n}" so the noun need not agree with the number.
 */
export const pl: ReportStrings = {
  locale: 'pl-PL',
  title: 'Raport o mobilności aktywnej',
  titleNetwork: 'Raport o mobilności aktywnej: sieć',
  period: 'Okres',
  generatedAt: 'Data utworzenia',
  inputsHash: 'Skrót (hash) danych wejściowych',
  softwareVersion: 'Wersja oprogramowania',
  factorSet: 'Zestaw wskaźników emisji',
  currency: 'Waluta',
  rateLine: '1 EUR = {rate} {currency} ({source}, średnia roczna {year})',
  rateNone: 'Kwoty w euro, tak jak podaje je HEAT.',
  releasedNote:
    'Dane zbiorcze: uwzględniane są wyłącznie miesiące kalendarzowe udostępnione zgodnie z zasadą ochrony prywatności, w stanie z chwili udostępnienia.',
  liveNote:
    'Bieżące dane Państwa partnera projektu: zmieniają się w miarę rejestrowania kolejnych podróży.',
  contents: 'Spis treści',
  summary: 'Podsumowanie',
  summaryParagraph:
    'Od {from} do {to} aktywne osoby dojeżdżające (łącznie {active}) zarejestrowały podróże w łącznej liczbie {trips} o długości {km} km. Podróże, które w przeciwnym razie odbyłyby się samochodem, pozwoliły zaoszczędzić {carKm} km jazdy samochodem i uniknąć emisji {co2} CO2. Chodzenie pieszo i jazda rowerem są warte {health} rocznie dzięki unikniętym przedwczesnym zgonom (WHO HEAT). Pieszo lub rowerem odbyto {activeShare} podróży, wobec {activeBaseline} przed rozpoczęciem programu.',
  summaryNoData: 'Brak danych dla tego okresu.',
  headline: 'Najważniejsze dane',
  figure: 'Wskaźnik',
  value: 'Wartość',
  activeCommuters: 'Aktywne osoby dojeżdżające',
  registeredCommuters: 'Zarejestrowane osoby dojeżdżające',
  trips: 'Podróże',
  distanceKm: 'Odległość (km)',
  co2AvoidedKg: 'Uniknięta emisja CO2 (kg)',
  carKmSubstituted: 'Zastąpione kilometry samochodowe',
  healthValuePerYear: 'Korzyść zdrowotna rocznie',
  activeShare: 'Udział podróży pieszo lub rowerem',
  participation: 'Uczestnictwo',
  tripsPerActiveCommuter: 'Podróże na aktywną osobę dojeżdżającą',
  modes: 'Podróże i km według środka transportu',
  modesCaption:
    'Podróże i odległość według głównego środka transportu i środka transportu na odcinku',
  mode: 'Środek transportu',
  shareTrips: 'Udział w podróżach',
  shareKm: 'Udział w km',
  modalShift: 'Podział modalny i zmiana względem stanu wyjściowego',
  baselineShare: 'Udział w podróżach w stanie wyjściowym',
  shiftPp: 'Zmiana (p.p.)',
  hidden: 'ukryte (mniej niż 5 osób dojeżdżających)',
  noBaseline: 'Brak stanu wyjściowego do porównania.',
  transitions: 'Macierz przejść',
  transitionsCaption:
    'Osoby dojeżdżające według zwykłego środka transportu przedtem (wiersze) i głównego środka transportu obecnie (kolumny)',
  fromMode: 'Przedtem',
  toMode: 'Obecnie',
  commuters: 'Osoby dojeżdżające',
  suppressedCell: 'mniej niż 5',
  carReplacementRate: 'Wskaźnik zastąpienia samochodu',
  carKm: 'Zastąpione kilometry samochodowe',
  carKmCaption: 'Zastąpione kilometry samochodowe, dwiema metodami',
  method: 'Metoda',
  replacedModeMethod:
    'Zastąpiony środek transportu (podróże, które zastąpiły jazdę samochodem jako kierowca), km',
  replacedModePerWeek: 'Zastąpiony środek transportu, km tygodniowo',
  surveyMethod:
    'Ankieta (km jako kierowca w stanie wyjściowym minus km jako kierowca w pomiarze kontrolnym), km tygodniowo',
  carKmWhy:
    'Obie metody mierzą różne rzeczy. Wartość według zastąpionego środka transportu obejmuje tylko podróże, w przypadku których osoba dojeżdżająca zadeklarowała, że zastąpiły one podróż samochodem; wartość z ankiety porównuje zwykłe korzystanie z samochodu przez każdą osobę dojeżdżającą przed przystąpieniem do programu z obecnie zarejestrowanym korzystaniem z samochodu, w przeliczeniu na tydzień dojazdów. Obie wartości są zgodne, gdy osoby dojeżdżające oznaczają i rejestrują każdą podróż; różnice wynikają z podróży nieoznaczonych ({unlabelled} kilometrów) i podróży niezarejestrowanych.',
  co2: 'Uniknięta emisja CO2',
  co2Caption: 'Zastosowane wskaźniki emisji (kg CO2e na km)',
  co2Text:
    'Uniknięta emisja CO2 = Σ km × (wskaźnik zastąpionego środka transportu − wskaźnik użytego środka transportu). Zestaw wskaźników: {name} ({scope}), {source}, {year}.',
  factor: 'kg CO2e na km',
  unit: 'Jednostka',
  heat: 'Ekonomiczna ocena skutków zdrowotnych (WHO HEAT)',
  heatCaption: 'HEAT rocznie przy pełnym efekcie',
  heatYearsCaption:
    'HEAT w okresie oceny, z uwzględnieniem stopniowego narastania efektu i dyskontowania',
  people: 'Osoby',
  minutesPerWeek: 'Minuty tygodniowo',
  riskReduction: 'Zmniejszenie ryzyka',
  deathsPreventedPerYear: 'Zgony, którym zapobiega się rocznie',
  valuePerYear: 'Wartość roczna',
  walking: 'Chodzenie pieszo',
  cycling: 'Jazda rowerem',
  total: 'Razem',
  year: 'Rok',
  buildUpShare: 'Udział pełnego efektu',
  deathsPrevented: 'Zgony, którym zapobieżono',
  valueUndiscounted: 'Wartość bez dyskontowania',
  discountFactor: 'Czynnik dyskontowy',
  valueDiscounted: 'Wartość zdyskontowana',
  heatWithheld: 'nieujawnione (mniej niż 5 osób)',
  heatText:
    'Okres oceny w latach: {years}; efekty narastają liniowo, okres narastania w latach: {buildUp}; stopa dyskontowa: {rate}.',
  activity: 'Aktywność fizyczna',
  activeMinutes: 'Minuty aktywności na osobę dojeżdżającą tygodniowo',
  whoTarget: 'Cel WHO, minuty tygodniowo',
  shareMeetingTarget: 'Udział osób dojeżdżających osiągających cel',
  kcalNet: 'kcal spalone podczas chodzenia pieszo i jazdy rowerem (netto)',
  cyclingDays: 'Dni jazdy rowerem',
  map: 'Mapa zagregowanych tras',
  mapCaption:
    'Komórki mapy, przez które przejechało lub przeszło co najmniej 5 osób dojeżdżających w udostępnionym kwartale; ciemniejsze komórki oznaczają więcej podróży. Zapisane trasy są przycinane w pobliżu miejsc zamieszkania i miejsc pracy.',
  mapEmpty: 'W tym okresie nie udostępniono żadnej komórki mapy.',
  mapTowns: 'Miasta raportu; koła rosną wraz z liczbą zapisanych podróży.',
  mapInset: 'Opublikowane komórki: {cells}',
  townCentre: 'centrum miasta',
  mapCells: 'Udostępnione komórki mapy',
  cell: 'Komórka',
  sites: 'Lokalizacje',
  sitesCaption: 'Dane według lokalizacji',
  site: 'Lokalizacja',
  withheld: 'nieujawnione',
  noSites: 'Brak lokalizacji.',
  rollUp: 'Porównanie miast partnerskich',
  rollUpCaption: 'Miasta partnerskie łącznie, na uczestnika i na 1000 mieszkańców',
  partner: 'Miasto partnerskie',
  population: 'Mieszkańcy',
  populationYear: 'Rok',
  co2PerParticipant: 'Uniknięta emisja CO2 na aktywną osobę dojeżdżającą (kg)',
  tripsPer1000: 'Podróże na 1000 mieszkańców',
  co2Per1000: 'Uniknięta emisja CO2 na 1000 mieszkańców (kg)',
  participantsPer1000: 'Aktywne osoby dojeżdżające na 1000 mieszkańców',
  populationSources: 'Źródła danych o liczbie ludności',
  notChecked: 'nie sprawdzono ponownie ze źródłem',
  dataQuality: 'Jakość danych i ograniczenia',
  unlabelledShare: 'Udział km bez zastąpionego środka transportu',
  unconfirmedTrips: 'Podróże oczekujące na potwierdzenie (nieuwzględnione)',
  suppressedList: 'Nieujawnione zgodnie z zasadą ochrony prywatności',
  limitations:
    'Dane opisują osoby dojeżdżające, które wzięły udział w programie, a nie całe miasto. Podróże są rejestrowane przez same osoby dojeżdżające lub ustalane na podstawie aplikacji do śledzenia i przez nie potwierdzane. Zastąpiony środek transportu to ten, który zadeklarowała osoba dojeżdżająca; nie można go zaobserwować. Wartości HEAT są szacunkami dla ocenianej populacji, obarczonymi niepewnością badań, na których się opierają.',
  methodology: 'Metodologia',
  formula: 'Wzór lub parametr',
  source: 'Źródło',
  mParticipation:
    'Aktywne osoby dojeżdżające: zarejestrowane osoby z co najmniej jedną potwierdzoną podróżą w okresie. Podróże: potwierdzone podróże, każda liczona raz według głównego środka transportu (środka najdłuższego odcinka). Odległość: suma km wszystkich odcinków.',
  mReplacementRate:
    'Wskaźnik zastąpienia samochodu: udział dojazdów do pracy odbywanych wcześniej samochodem jako kierowca, które teraz odbywają się innym środkiem transportu.',
  mCyclingDays:
    'Dzień jazdy rowerem: dzień, w którym osoba dojeżdżająca przejechała rowerem co najmniej część dojazdu do pracy.',
  mSplit:
    'Podział modalny: udział podróży według głównego środka transportu (najdłuższy odcinek) oraz pasażerokilometrów według środka transportu na odcinku.',
  mShift:
    'Zmiana środka transportu: udział w pomiarze kontrolnym minus udział w stanie wyjściowym, w punktach procentowych.',
  mCarKm:
    'Zastąpione kilometry samochodowe: (a) Σ km odcinków, których zastąpionym środkiem transportu jest samochód (kierowca); (b) km jako kierowca w stanie wyjściowym minus km jako kierowca w pomiarze kontrolnym tych samych osób dojeżdżających, w przeliczeniu na tydzień dojazdów.',
  mCo2: 'Uniknięta emisja CO2 = Σ km × (wskaźnik zastąpionego środka transportu − wskaźnik użytego środka transportu); wskaźniki dla samochodu na pojazdokilometr stosuje się wyłącznie do kierowców.',
  mHeat:
    'HEAT: RR = 1 − (1 − RRref) × minuty tygodniowo ÷ minuty referencyjne; zgony, którym zapobiega się = osoby × współczynnik umieralności × (1 − RR); wartość = zgony, którym zapobiega się × wartość życia statystycznego.',
  mActivity: 'Energia: kcal = (MET − 1) × masa ciała × godziny (netto).',
  mPerInhabitant: 'Na 1000 mieszkańców = wartość ÷ liczba mieszkańców × 1000.',
  mCurrency: 'Kwoty w innej walucie = wartość w euro × kurs podany powyżej.',
  mRelease:
    'Prywatność: grupy liczące mniej niż 5 osób dojeżdżających nie są ujawniane; odbiorcy danych zbiorczych widzą wyłącznie udostępnione miesiące.',
  modeNames: {
    walk: 'Pieszo',
    bike: 'Rower',
    ebike: 'Rower elektryczny',
    bus: 'Autobus',
    tram: 'Tramwaj',
    metro: 'Metro',
    train: 'Pociąg',
    car_driver: 'Samochód (kierowca)',
    car_passenger: 'Samochód (pasażer)',
    motorbike: 'Motocykl',
    other: 'Inny',
  },
  scopeNames: {
    direct: 'od zbiornika do koła (bezpośrednio)',
    well_to_wheel: 'od źródła do koła',
    lifecycle: 'cykl życia',
    unspecified: 'zakres nie został podany',
  },
  unitVehicleKm: 'pojazdokilometr',
  unitPassengerKm: 'pasażerokilometr',
  factorSetNames: {
    'desnz-2025-direct': 'DESNZ (Wielka Brytania) 2025, od zbiornika do koła (bezpośrednio)',
    'desnz-2025-wtw':
      'DESNZ (Wielka Brytania) 2025, od źródła do koła (bezpośrednio + od źródła do zbiornika)',
    'dk-tm-2023':
      'Duńskie Ministerstwo Transportu 2023, na pasażerokilometr przy średnim obłożeniu',
    'ecf-2011-lifecycle': 'Europejska Federacja Rowerzystów (ECF) 2011, cykl życia',
  },
  hiddenReasons: {
    no_released_month:
      'Wszystkie dane okresu: żaden jego miesiąc nie został jeszcze opublikowany (miesiąc kalendarzowy publikuje się kilka dni po jego końcu).',
    scope_below_k: 'Mniej niż {k} aktywnych osób dojeżdżających w okresie.',
    partner_months_left_out:
      '{count} miesięcy partnerów pominiętych w tych danych: mniej niż {k} aktywnych osób dojeżdżających w miesiącu.',
    site_months_left_out:
      '{count} miesięcy miejsc pracy pominiętych w tych danych: mniej niż {k} aktywnych osób dojeżdżających w miesiącu lub miejsce ujawniłoby resztę swojego partnera.',
    modal_split_modes:
      'Podział modalny: {modes} zgrupowane jako ukryte (w {count} miesiącach jednostek): mniej niż {k} osób w danym środku transportu lub ujawniłoby to taki środek.',
    baseline_modes:
      'Podział wyjściowy: {modes} zgrupowane jako ukryte (w {count} miesiącach jednostek): mniej niż {k} osób w danym środku transportu lub ujawniłoby to taki środek.',
    transition_cells:
      '{count} komórek macierzy przejść ukrytych: mniej niż {k} osób lub ujawniłyby taką komórkę.',
    heat_cycling: 'Dane zdrowotne (HEAT) dla jazdy rowerem: mniej niż {k} rowerzystów.',
    heat_walking: 'Dane zdrowotne (HEAT) dla chodzenia: mniej niż {k} pieszych.',
    cycling_days: 'Dni jazdy rowerem i rowerzyści: mniej niż {k} osób z dniami jazdy rowerem.',
    car_replacement:
      'Wskaźnik zastąpienia samochodu: mniej niż {k} wyjściowych kierowców z podróżami.',
    survey_car_km:
      'Zastąpione km samochodem według ankiety: mniej niż {k} osób z km jako kierowca.',
    survey_figures: 'Dane z ankiety: mniej niż {k} osób z ankietą wyjściową.',
    distinct_counts_rounded:
      'Liczby różnych osób z kilku miesięcy są zaokrąglane do najbliższej piątki; średnie liczone są z zaokrąglonych liczb.',
  },
  hiddenInMonths: '(pominięto {count} miesięcy jednostek)',
  page: 'Strona',
  of: 'z',
};
