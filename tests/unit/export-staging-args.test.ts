/**
 * `serve --exports-max-age-min / --exports-cap-mib / --exports-grace-min` (src/cli/export-staging-args.ts):
 * a value given becomes the host's limit in ms or bytes, an option not given keeps the default,
 * and a wrong value is a usage error that names the option and says what it wants.
 */
import { describe, expect, it } from 'vitest';
import { EXPORT_STAGING_DEFAULT_ARGS, exportStagingFromArgs } from '../../src/cli/export-staging-args';
import { UsageError } from '../../src/cli/cli-args';
import { EXPORT_STAGING_DEFAULTS } from '../../src/host/export-staging';
import { COMMAND_USAGE } from '../../src/cli/usage';

describe('the exports/ cleaning options of serve', () => {
  it('sets only the limits given, in ms and bytes', () => {
    expect(exportStagingFromArgs({})).toEqual({});
    expect(exportStagingFromArgs({ 'exports-max-age-min': '30' })).toEqual({ maxAgeMs: 30 * 60_000 });
    expect(exportStagingFromArgs({ 'exports-cap-mib': '512', 'exports-grace-min': '0' })).toEqual({ maxTotalBytes: 512 * 1024 ** 2, capGraceMs: 0 });
    expect(exportStagingFromArgs({ 'exports-max-age-min': '1.5', 'exports-cap-mib': '1.5', 'exports-grace-min': '2' })).toEqual({ maxAgeMs: 90_000, maxTotalBytes: 1536 * 1024, capGraceMs: 120_000 });
  });

  it.each([
    ['exports-max-age-min', 'soon', /--exports-max-age-min: expected a number, got "soon"/],
    ['exports-max-age-min', '0', /--exports-max-age-min: must be at least 1, got 0/],
    ['exports-max-age-min', '-5', /--exports-max-age-min: must be at least 1/],
    ['exports-max-age-min', '999999', /--exports-max-age-min: must be at most 10080/],
    ['exports-cap-mib', '2GB', /--exports-cap-mib: expected a number, got "2GB"/],
    ['exports-cap-mib', '0', /--exports-cap-mib: must be at least 1/],
    ['exports-cap-mib', '', /--exports-cap-mib: expected a number/],
    ['exports-grace-min', '-1', /--exports-grace-min: must be at least 0/],
    ['exports-grace-min', 'Infinity', /--exports-grace-min: expected a number/],
  ] as const)('--%s %j is refused with a message naming the option', (option, value, message) => {
    expect(() => exportStagingFromArgs({ [option]: value })).toThrow(UsageError);
    expect(() => exportStagingFromArgs({ [option]: value })).toThrow(message);
  });

  it('the usage text states the defaults the host uses', () => {
    expect(EXPORT_STAGING_DEFAULT_ARGS).toEqual({ maxAgeMin: 60, capMib: 2048, graceMin: 5 });
    expect(exportStagingFromArgs({ 'exports-max-age-min': '60', 'exports-cap-mib': '2048', 'exports-grace-min': '5' })).toEqual(EXPORT_STAGING_DEFAULTS);
    const lines = new Map(COMMAND_USAGE.serve.options);
    expect(lines.get('--exports-max-age-min N')).toContain(`default ${EXPORT_STAGING_DEFAULT_ARGS.maxAgeMin};`);
    expect(lines.get('--exports-cap-mib N')).toContain(`default ${EXPORT_STAGING_DEFAULT_ARGS.capMib};`);
    expect(lines.get('--exports-grace-min N')).toContain(`default ${EXPORT_STAGING_DEFAULT_ARGS.graceMin};`);
  });
});
