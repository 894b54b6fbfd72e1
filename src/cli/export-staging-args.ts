/**
 * `serve --exports-max-age-min N --exports-cap-mib N --exports-grace-min N`: the cleaning limits
 * of the data folder's exports/ (export-staging.ts), in the units a user thinks in (minutes,
 * MiB), turned into the host's ExportStagingLimits (ms, bytes). An option not given keeps its
 * default (EXPORT_STAGING_DEFAULTS: 60 min, 2048 MiB, 5 min).
 */
import { EXPORT_STAGING_DEFAULTS, type ExportStagingLimits } from '../host/export-staging';
import { parseNumberOption } from './cli-args';

const MS_PER_MIN = 60_000;
const BYTES_PER_MIB = 1024 ** 2;
/** a week: longer is not staging any more (and a typo like 6000000 is caught) */
const MAX_AGE_MIN = 7 * 24 * 60;
/** 1 TiB */
const MAX_CAP_MIB = 1024 ** 2;

export const EXPORT_STAGING_OPTION_SPECS = {
  'exports-max-age-min': { type: 'string' },
  'exports-cap-mib': { type: 'string' },
  'exports-grace-min': { type: 'string' },
} as const;

export interface ExportStagingArgs {
  'exports-max-age-min'?: string;
  'exports-cap-mib'?: string;
  'exports-grace-min'?: string;
}

/** The limits the options set (only those given); a wrong value is a UsageError naming the option. */
export function exportStagingFromArgs(values: ExportStagingArgs): Partial<ExportStagingLimits> {
  // at least a minute: an export must outlive the page's fetch of it
  const ageMin = parseNumberOption('exports-max-age-min', values['exports-max-age-min'], { min: 1, max: MAX_AGE_MIN });
  const capMib = parseNumberOption('exports-cap-mib', values['exports-cap-mib'], { min: 1, max: MAX_CAP_MIB });
  const graceMin = parseNumberOption('exports-grace-min', values['exports-grace-min'], { min: 0, max: MAX_AGE_MIN });
  const limits: Partial<ExportStagingLimits> = {};
  if (ageMin !== undefined) limits.maxAgeMs = ageMin * MS_PER_MIN;
  if (capMib !== undefined) limits.maxTotalBytes = Math.round(capMib * BYTES_PER_MIB);
  if (graceMin !== undefined) limits.capGraceMs = graceMin * MS_PER_MIN;
  return limits;
}

/** The defaults in the options' units, for the usage text. */
export const EXPORT_STAGING_DEFAULT_ARGS = {
  maxAgeMin: EXPORT_STAGING_DEFAULTS.maxAgeMs / MS_PER_MIN,
  capMib: EXPORT_STAGING_DEFAULTS.maxTotalBytes / BYTES_PER_MIB,
  graceMin: EXPORT_STAGING_DEFAULTS.capGraceMs / MS_PER_MIN,
};
