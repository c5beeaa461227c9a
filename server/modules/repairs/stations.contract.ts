/**
 * The incident view by station (issue 6 §9, "map-like"): one tile per heat-exchange station the
 * crew lead or branch supervises, coloured by its state, and one incident with its linked
 * requests. Typebox only (web/ imports it).
 */
import { Type, type Static } from 'typebox';
import { IsoDateTime } from '../../kernel/contract.ts';
import { IncidentView, RequestSummary } from './repairs.contract.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);

/** outage: an incident is open; reports: open no-heat/not-warm reports but no incident (yet); restored: an incident ended recently; quiet: none of these. */
export const STATION_STATES = ['outage', 'reports', 'restored', 'quiet'] as const;
export type StationState = (typeof STATION_STATES)[number];

export const StationIncident = Type.Object({
  ...IncidentView.properties,
  /** For a building incident: the building's name. */
  buildingName: Nullable(Type.String()),
});
export type StationIncident = Static<typeof StationIncident>;

export const StationTile = Type.Object({
  stationId: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  state: Type.Enum(STATION_STATES),
  /** Open and recently ended incidents of the station and of the buildings it feeds, open first. */
  incidents: Type.Array(StationIncident),
  /** Requests linked to the station's open incidents. */
  linkedOpen: Type.Integer(),
  /** Open no-heat/not-warm reports of the station not (yet) part of an incident. */
  unlinkedReports: Type.Integer(),
  /** Start of the earliest open outage (its first report). */
  outageSince: Nullable(IsoDateTime),
});
export type StationTile = Static<typeof StationTile>;

export const StationBoard = Type.Object({
  /** Incidents that ended within this many days still show (restored). */
  recentDays: Type.Integer(),
  items: Type.Array(StationTile),
});
export type StationBoard = Static<typeof StationBoard>;

export const IncidentDetail = Type.Object({
  ...StationIncident.properties,
  stationCode: Nullable(Type.String()),
  stationName: Nullable(Type.String()),
  /** Whether the caller may resolve it (crew lead over its grid, admin of its branch). */
  canResolve: Type.Boolean(),
  linked: Type.Array(RequestSummary),
});
export type IncidentDetail = Static<typeof IncidentDetail>;
