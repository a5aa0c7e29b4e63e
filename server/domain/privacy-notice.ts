/**
 * The privacy notice a commuter accepts when joining (issue 11): what is stored, who sees it,
 * how long it is kept and how to delete it. Its version is stored with the acceptance, so a
 * changed notice gets a new version. Danish and English; other languages fall back to English.
 */

/** Bump when the text below changes in substance. */
export const PRIVACY_NOTICE_VERSION = '2026-11-1';

export interface PrivacyNoticeSection {
  heading: string;
  body: string;
}

export interface PrivacyNotice {
  version: string;
  lang: 'en' | 'da';
  title: string;
  sections: PrivacyNoticeSection[];
}

const EN: Omit<PrivacyNotice, 'version'> = {
  lang: 'en',
  title: 'Privacy notice',
  sections: [
    {
      heading: 'What is stored',
      body: 'Your e-mail address, a hash of your password (never the password itself), your language, an optional display name, the town and workplace or school you joined with, your age band and optional body weight, your survey answers (usual commute, commuting days per week), and the trips you log: date and time, legs with mode, distance and duration, the mode each trip replaced, and routes if you draw or import them. Routes are cut 200 m before your start and end points, so your home cannot be read off a map. We also store when you accepted this notice and which version.',
    },
    {
      heading: 'Who sees it',
      body: 'You see all of it. The project staff of your town see your trips and surveys to check data quality, under a pseudonym unless you choose to share your name. Analysts and the climate department see only totals over at least 5 commuters. Other commuters never see your data; site rankings show only sites with at least 5 active commuters.',
    },
    {
      heading: 'How long',
      body: 'Until you delete your account. Anonymous daily totals per town, site and mode (which cannot be traced back to you) stay after deletion so that the network’s figures remain correct.',
    },
    {
      heading: 'How to delete it or take it with you',
      body: 'In the app, "My data" exports everything stored about you (JSON or ZIP with your routes as GPX and GeoJSON) and deletes your account, trips, routes, surveys, devices and sessions at once. You can also ask your town’s project staff to do it for you.',
    },
  ],
};

const DA: Omit<PrivacyNotice, 'version'> = {
  lang: 'da',
  title: 'Privatlivserklæring',
  sections: [
    {
      heading: 'Hvad gemmes',
      body: 'Din e-mailadresse, en hash af din adgangskode (aldrig selve adgangskoden), dit sprog, et valgfrit visningsnavn, den by og arbejdsplads eller skole du tilmeldte dig med, din aldersgruppe og valgfri vægt, dine svar på spørgeskemaet (sædvanlig pendlerrute, pendlerdage om ugen) og de ture du registrerer: dato og tid, delstrækninger med transportform, afstand og varighed, den transportform turen erstattede, og ruter hvis du tegner eller importerer dem. Ruter afkortes 200 m før start- og slutpunkt, så dit hjem ikke kan ses på et kort. Vi gemmer også hvornår du accepterede denne erklæring og hvilken version.',
    },
    {
      heading: 'Hvem ser det',
      body: 'Du ser det hele. Projektmedarbejderne i din kommune ser dine ture og svar for at kontrollere datakvaliteten, under et pseudonym medmindre du vælger at dele dit navn. Analytikere og klimaafdelingen ser kun summer over mindst 5 pendlere. Andre pendlere ser aldrig dine data; ranglister over arbejdspladser viser kun steder med mindst 5 aktive pendlere.',
    },
    {
      heading: 'Hvor længe',
      body: 'Indtil du sletter din konto. Anonyme daglige summer pr. kommune, arbejdsplads og transportform (som ikke kan føres tilbage til dig) bliver efter sletningen, så netværkets tal forbliver korrekte.',
    },
    {
      heading: 'Sådan sletter du dem eller tager dem med',
      body: 'I appen eksporterer "Mine data" alt, hvad der er gemt om dig (JSON eller ZIP med dine ruter som GPX og GeoJSON), og sletter din konto, dine ture, ruter, svar, enheder og sessioner med det samme. Du kan også bede projektmedarbejderne i din kommune om at gøre det.',
    },
  ],
};

/** The notice in `lang` (a tag such as da or da-DK); any language without a text gets English. */
export function privacyNoticeFor(lang: string | null | undefined): PrivacyNotice {
  const base = (lang ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return { version: PRIVACY_NOTICE_VERSION, ...(base === 'da' ? DA : EN) };
}
