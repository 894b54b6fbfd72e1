// Static security check of the Electron shell (no Electron binary needed):
//   node scripts/electronegativity.mjs
// 1. @doyensec/electronegativity over electron/ (and the renderer's index.html when present);
// 2. our own checks of what electronegativity cannot see through a function call: the values of
//    secureWebPreferences() and the CSP header, evaluated with the same CSP evaluator it uses.
// Exits 1 on any finding above INFORMATIONAL that is not in EXCLUSIONS below, each of which says
// why it is safe and, where possible, is backed by a check in part 2.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const egRunner = require.resolve('@doyensec/electronegativity');
const egRequire = createRequire(egRunner);

// electronegativity fetches translations and Electron's release list from the network on every
// run; the scan must be hermetic (CI, offline), so its HTTP client is replaced by one that fails
// at once. Translations fall back to the bundled en-US; the release check is excluded below.
const gotPath = egRequire.resolve('got');
const offline = () => Promise.reject(new Error('electronegativity: network disabled by scripts/electronegativity.mjs'));
offline.head = offline;
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline };

const egModule = require('@doyensec/electronegativity');
const runElectronegativity = egModule.default ?? egModule;
const csp = egRequire('@doyensec/csp-evaluator');

const electronVersion = JSON.parse(readFileSync(resolve(root, 'node_modules/electron/package.json'), 'utf8')).version;

/** Checks not run, with the reason. */
const SKIPPED_CHECKS = {
  // needs the network (raw.githubusercontent.com); the Electron version is pinned in package.json
  availablesecurityfixesglobalcheck: 'needs the network; Electron is a current major (see package.json)',
};

/**
 * Findings that are safe, matched by check id, file and the flagged source line, so the same
 * pattern anywhere else still fails.
 */
const EXCLUSIONS = [
  ...['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'AUXCLICK_JS_CHECK', 'NODE_INTEGRATION_JS_CHECK', 'WEB_SECURITY_JS_CHECK'].map((id) => ({
    id,
    file: 'electron/main.ts',
    sample: /new BrowserWindow\(\{ \.\.\.options, webPreferences: secureWebPreferences\(PRELOAD_PATH\) \}\)/,
    reason: 'the one window factory; webPreferences come from secureWebPreferences(), whose values are checked below',
  })),
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'electron/main.ts',
    sample: /if \(external\) void shell\.openExternal\(external\);/,
    reason: 'only URLs returned by safeExternalUrl() (https only), checked below',
  },
  {
    id: 'CSP_GLOBAL_CHECK',
    file: 'electron/main.ts',
    sample: /^null$|^undefined$|^$/,
    reason: 'the header is the CONTENT_SECURITY_POLICY constant, not a literal; it is evaluated below',
  },
];

const failures = [];
const excluded = [];
let scanned = 0;

async function scan(input, customScan = []) {
  const quietLog = console.log;
  console.log = () => undefined; // its progress chatter; results are printed below
  let result;
  try {
    result = await runElectronegativity({
      input,
      electronVersionOverride: electronVersion,
      // (with a custom list the skipped checks are not in it, and naming them again is an error)
      ...(customScan.length ? { customScan } : { excludeFromScan: Object.keys(SKIPPED_CHECKS) }),
      parserPlugins: ['typescript'],
    });
  } finally {
    console.log = quietLog;
  }
  scanned++;
  for (const e of result.errors ?? []) failures.push(`could not parse ${relative(root, e.file ?? input)}: ${e.message ?? e.error ?? JSON.stringify(e)}`);
  for (const issue of result.issues) {
    if (issue.severity?.name === 'INFORMATIONAL') continue;
    const file = issue.file && issue.file !== 'N/A' ? relative(root, issue.file) : 'N/A';
    const sample = String(issue.sample ?? '').trim();
    const where = `${file}:${issue.location?.line ?? 0}`;
    const rule = EXCLUSIONS.find(
      (x) => x.id === issue.id && x.file === file && x.sample.test(sample) && (!x.confidence || x.confidence === issue.confidence?.name),
    );
    const line = `${issue.id} (${issue.severity?.name}/${issue.confidence?.name}) ${where}: ${issue.description}${sample ? `\n      ${sample.slice(0, 160)}` : ''}`;
    if (rule) excluded.push(`${issue.id} ${where}: ${rule.reason}`);
    else failures.push(line);
  }
}

/** Loads a TypeScript module of electron/ through esbuild (the .mjs cannot import .ts). */
async function loadTs(entry) {
  const out = await build({ entryPoints: [resolve(root, entry)], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'error', external: ['electron'] });
  return import('data:text/javascript;base64,' + Buffer.from(out.outputFiles[0].text).toString('base64'));
}

async function ownChecks() {
  const { secureWebPreferences } = await loadTs('electron/web-preferences.ts');
  const prefs = secureWebPreferences('/x/preload.cjs');
  const expected = {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
  };
  for (const [k, v] of Object.entries(expected)) {
    if (prefs[k] !== v) failures.push(`secureWebPreferences().${k} is ${JSON.stringify(prefs[k])}, must be ${v}`);
  }
  if (prefs.enableBlinkFeatures) failures.push(`secureWebPreferences().enableBlinkFeatures is set (${prefs.enableBlinkFeatures})`);
  if (!String(prefs.disableBlinkFeatures ?? '').includes('Auxclick')) failures.push('secureWebPreferences() must disable the Auxclick Blink feature');

  const { CONTENT_SECURITY_POLICY } = await loadTs('electron/csp.ts');
  evaluateCsp('electron/csp.ts CONTENT_SECURITY_POLICY', CONTENT_SECURITY_POLICY);

  const { safeExternalUrl } = await loadTs('electron/app-origin.ts');
  for (const bad of ['http://example.com/', 'file:///etc/passwd', 'smb://host/share', 'javascript:alert(1)', 'ms-settings:', 'https://user:pw@example.com/']) {
    if (safeExternalUrl(bad) !== null) failures.push(`safeExternalUrl lets ${bad} through to shell.openExternal`);
  }
}

/** The evaluator electronegativity uses; 'self' is only our own bundle on app://myocue (no JSONP, no uploads). */
function evaluateCsp(name, policy) {
  const parsed = new csp.CspParser(policy);
  const findings = new csp.CspEvaluator(parsed.csp, csp.Version.CSP3).evaluate();
  for (const f of findings) {
    const selfOnly = f.severity === csp.severities.MEDIUM_MAYBE && /'self' can be problematic/.test(f.description);
    if (selfOnly) {
      excluded.push(`CSP ${name} ${f.directive}: ${f.description} ('self' is app://myocue, our bundle only)`);
      continue;
    }
    if (f.severity <= csp.severities.HIGH_MAYBE) failures.push(`CSP ${name} ${f.directive}: ${f.description}`);
  }
}

/**
 * The HTML checks only: the global navigation/permission checks look for main-process code, which
 * is in electron/. (cspglobalcheck cannot be listed: electronegativity 1.10 then adds its
 * dependencies in the wrong case and aborts; the meta CSP is evaluated by evaluateCsp instead.)
 */
const HTML_CHECKS = egRequire('./finder/checks/AtomicChecks/index.js')
  .CHECKS.map((c) => c.name.toLowerCase())
  .filter((n) => n.endsWith('htmlcheck'));

await scan(resolve(root, 'electron'));
const indexHtml = 'renderer/index.html';
if (existsSync(resolve(root, indexHtml))) {
  await scan(resolve(root, indexHtml), HTML_CHECKS);
  // the meta CSP the renderer ships (the browser host relies on it; in Electron the header applies too)
  const meta = readFileSync(resolve(root, indexHtml), 'utf8').match(/http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i);
  if (meta) evaluateCsp(`${indexHtml} meta`, meta[1]);
  else failures.push(`${indexHtml} has no Content-Security-Policy meta tag`);
} else {
  process.stdout.write(`electronegativity: ${indexHtml} not found, not scanned\n`);
}
await ownChecks();

process.stdout.write(`electronegativity ${electronVersion ? `(Electron ${electronVersion})` : ''}: ${scanned} input(s) scanned\n`);
for (const [check, why] of Object.entries(SKIPPED_CHECKS)) process.stdout.write(`  skipped ${check}: ${why}\n`);
for (const x of excluded) process.stdout.write(`  accepted ${x}\n`);
if (failures.length) {
  process.stdout.write(`\n${failures.length} finding(s):\n${failures.map((f) => '  ✗ ' + f).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write('electronegativity: no findings\n');
