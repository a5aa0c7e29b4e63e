/**
 * Names for the shapes of the /api/v1 answers the dashboard reads. Every one is an alias of a
 * schema generated from the server's OpenAPI document (schema.d.ts, `npm run api:generate`):
 * none is written by hand, so the web app cannot drift from what the server answers.
 */
import type { components } from './schema.js';

type Schemas = components['schemas'];

export type Role = Schemas['Role'];
export type Mode = Schemas['Mode'];
export type ReplacedMode = Schemas['ReplacedMode'];
/** A value for every mode (shares, km, factors). */
export type ModeRecord = Schemas['ByMode'];
export type ModeRecordHidden = Schemas['ByModeHidden'];
/** A value for the modes that have any (monthly counts). */
export type SomeModes = Schemas['SomeModes'];

export type Account = Schemas['Account'];
export type ApiToken = Schemas['ApiToken'];
export type ApiTokenCreated = Schemas['ApiTokenCreated'];
export type Partner = Schemas['Partner'];
export type Site = Schemas['Site'];
export type AppConfig = Schemas['PublicConfig'];

export type IndicatorsAnswer = Schemas['IndicatorsAnswer'];
export type Indicators = Schemas['Indicators'];
export type WithheldIndicators = Schemas['WithheldIndicators'];
export type IndicatorScope = Schemas['IndicatorScope'];
export type DataRange = NonNullable<Indicators['dataRange']>;
export type DataVersion = Schemas['DataVersion'];
export type HealthPart = Schemas['HealthFigures'];
export type Transition = Schemas['Transition'];
export type Monthly = Schemas['MonthlySeries'];
export type MonthRow = Schemas['MonthRow'];
export type PartnerComparison = Schemas['PartnerComparison'];
export type PartnerComparisonRow = Schemas['PartnerComparisonRow'];
export type NetworkSummary = Schemas['NetworkSummary'];
export type FactorSet = Schemas['FactorSet'];

export type DensityCollection = Schemas['RouteDensity'];
export type DensityProperties = DensityCollection['features'][number]['properties'];
export type DataQuality = Schemas['DataQuality'];
export type Leaderboard = Schemas['Leaderboard'];

export type Trip = Schemas['Trip'];
export type Leg = Schemas['Leg'];
export type TripSource = Trip['source'];
export type TripPage = Schemas['TripPage'];
export type Commuter = Schemas['Commuter'];
export type Survey = Schemas['Survey'];

export type HeatRequest = Schemas['HeatRequest'];
export type HeatResult = Schemas['HeatResult'];
export type HeatYear = Schemas['HeatYear'];
export type HeatDefaults = Schemas['HeatDefaults'];
export type HeatInputSource = Schemas['HeatInputSource'];
export type TripInput = Schemas['TripInput'];
export type LegInput = Schemas['LegInput'];
export type TripPatch = Schemas['TripPatch'];
export type SurveyCreate = Schemas['SurveyCreate'];
export type EnrolmentInfo = Schemas['EnrolmentInfo'];
export type EnrolmentCode = Schemas['EnrolmentCode'];
export type PrivacyNotice = Schemas['PrivacyNotice'];
export type AgeBand = Schemas['AgeBand'];
export type Impact = Schemas['Impact'];
export type CommuterDetail = Schemas['CommuterDetail'];
export type FollowUpDue = Schemas['FollowUp'];
export type ImportResult = Schemas['ImportResult'];
export type TrackerDevice = Schemas['TrackerDevice'];
export type TrackerDeviceCreated = Schemas['TrackerDeviceCreated'];
export type CommuterListItem = Schemas['CommuterListItem'];
export type CommuterPage = Schemas['CommuterPage'];
