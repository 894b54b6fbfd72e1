// `npm start`: the Electron app where the Electron binary is present (it downloads on first run),
// otherwise the browser host on the simulated band, saying why. Extra arguments go to `myocue serve`
// (e.g. `npm start -- --device /dev/ttyACM0`).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function electronBinary() {
  // requiring 'electron' in Node returns the binary's path, downloading it the first time
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (probe.status === 0 && probe.stdout) {
    const check = spawnSync(probe.stdout, ['--version'], { encoding: 'utf8', timeout: 20_000 });
    if (check.status === 0) return { path: probe.stdout };
    return { why: `the Electron binary at ${probe.stdout} does not run (${(check.stderr || check.error?.message || '').trim().split('\n')[0]})` };
  }
  // the useful lines: the download failure and Electron's own message, not the stack or Node's banner
  const lines = `${probe.stderr || ''}`.split('\n').map((l) => l.trim());
  const said = lines.filter((l) => /^(TypeError|Error|RequestError)\b/.test(l)).map((l) => l.replace(/^Error: /, ''));
  return { why: `the Electron binary is not available and could not be downloaded (${said.join('; ') || lines.filter(Boolean).at(-1) || 'no output'})` };
}

const forceBrowser = process.env.MYOCUE_BROWSER === '1';
const electron = forceBrowser ? { why: 'MYOCUE_BROWSER=1' } : electronBinary();
let child;
if (electron.path) {
  child = spawn(electron.path, ['.', ...args], { stdio: 'inherit' });
} else {
  process.stdout.write(`Starting the browser host instead of Electron: ${electron.why}.\nOpen the URL below in a browser.\n`);
  child = spawn(process.execPath, ['bin/myocue.js', 'serve', ...(args.length ? args : ['--device', 'sim'])], { stdio: 'inherit' });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
void require;
