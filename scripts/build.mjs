// Builds everything the app runs from dist/:
//   dist/cli.js            the `myocue` command (host, browser server, simulator, batch tools)
//   dist/dsp-worker.js     the DSP worker thread
//   dist/emg-kernel.wasm   the chain's WebAssembly SIMD kernel (assembly/emg-kernel.ts, AssemblyScript;
//                          loaded by src/dsp/simd-kernel.ts beside the bundles; JS fallback without it)
//   dist/bench/bench.js    `npm run bench`
//   dist/electron/*.cjs    Electron main and the sandboxed preload (one file each)
//   dist/renderer/         the React app (Vite)
// Node-side bundles keep node_modules external (serialport is native); the preload bundles all
// it needs because a sandboxed preload may only require 'electron'.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import asc from 'assemblyscript/asc';

const quiet = process.argv.includes('--quiet');
const log = (s) => quiet || process.stdout.write(s + '\n');
const t0 = Date.now();

const node = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
const entries = [
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', format: 'esm', packages: 'external' },
  { entryPoints: ['src/dsp/dsp-worker.ts'], outfile: 'dist/dsp-worker.js', format: 'esm', packages: 'external' },
  { entryPoints: ['src/analysis/analysis-worker.ts'], outfile: 'dist/analysis-worker.js', format: 'esm', packages: 'external' },
];
if (existsSync('bench/bench.ts')) {
  entries.push({ entryPoints: ['bench/bench.ts'], outfile: 'dist/bench/bench.js', format: 'esm', packages: 'external' });
  // the soak reuses the test helpers, which locate the repository from __dirname (dist/bench is two levels deep too)
  const dirnameShim = "import { fileURLToPath as __soakFileUrl } from 'node:url'; import { dirname as __soakDirname } from 'node:path'; const __dirname = __soakDirname(__soakFileUrl(import.meta.url));";
  entries.push({ entryPoints: ['bench/soak.ts'], outfile: 'dist/bench/soak.js', format: 'esm', packages: 'external', banner: { js: dirnameShim } });
}
if (existsSync('electron/main.ts')) {
  entries.push(
    // main.cjs runs with __dirname, so import.meta (used only as an ESM fallback) may be empty there
    { entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs', format: 'cjs', packages: 'external', logOverride: { 'empty-import-meta': 'silent' } },
    { entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] },
    // the packaging hook's fuse settings (electron-builder.config.cjs → afterPack)
    { entryPoints: ['electron/fuses.ts'], outfile: 'dist/electron/fuses.cjs', format: 'cjs' },
  );
}
// The SIMD kernel: AssemblyScript → WebAssembly with SIMD (f64x2), no runtime (it allocates nothing),
// optimised for speed. Assertions off: the JS side checks every size before calling it.
async function buildWasmKernel() {
  mkdirSync('dist', { recursive: true });
  const out = [];
  const { error, stderr } = await asc.main(
    ['assembly/emg-kernel.ts', '--outFile', 'dist/emg-kernel.wasm', '-O3', '--noAssert', '--runtime', 'stub', '--enable', 'simd'],
    { stderr: { write: (s) => void out.push(String(s)) } },
  );
  if (error) throw new Error(`AssemblyScript build of assembly/emg-kernel.ts failed: ${error.message}\n${out.join('') || stderr}`);
}
await Promise.all([...entries.map((e) => esbuild({ ...node, ...e })), buildWasmKernel()]);
log(`esbuild: ${entries.map((e) => e.outfile).join(', ')}; asc: dist/emg-kernel.wasm`);

// always the production build of React, whoever runs this: a caller's NODE_ENV (vitest sets
// NODE_ENV=test, and a test that builds inherits it) made Vite emit React's development build,
// which then served every later e2e test (StrictMode effects twice, pages several times slower)
process.env.NODE_ENV = 'production';
await viteBuild({ configFile: 'renderer/vite.config.ts', mode: 'production', logLevel: quiet ? 'error' : 'warn' });
for (const f of readdirSync('dist/renderer/assets')) {
  if (f.endsWith('.js') && readFileSync(join('dist/renderer/assets', f), 'utf8').includes('React DevTools for a better development experience')) {
    throw new Error(`dist/renderer/assets/${f} holds React's development build: the renderer must be built for production`);
  }
}
// V8's explicit compile hint (Chrome 136+) at the top of the entry chunk (React and the Sessions
// page): V8 compiles all its functions while the script streams in, off the main thread, and keeps
// them in the code cache. Without it React's render functions were compiled lazily on the main
// thread at every load, during the first render: on the 1,000-session bench (issue 10.5),
// alternately with and without it, script 317 / 427 → 184 / 136 ms, main thread 741 / 826 →
// 573 / 551 ms. The lazily loaded chunks (dashboard, coach view, uPlot) keep the lazy compile.
// Added here, after Vite (minification drops comments, and a plugin's change to the entry's code
// was not kept); its source map moves down one line with it.
const COMPILE_HINT = '//# allFunctionsCalledOnLoad';
const entry = /<script type="module" crossorigin src="\.\/(assets\/index-[^"]+\.js)"><\/script>/.exec(readFileSync('dist/renderer/index.html', 'utf8'))?.[1];
if (!entry) throw new Error('dist/renderer/index.html names no entry chunk (assets/index-*.js) for the compile hint');
const entryPath = join('dist/renderer', entry);
const entryCode = readFileSync(entryPath, 'utf8');
if (!entryCode.startsWith(COMPILE_HINT)) {
  writeFileSync(entryPath, `${COMPILE_HINT}\n${entryCode}`);
  if (existsSync(`${entryPath}.map`)) {
    const map = JSON.parse(readFileSync(`${entryPath}.map`, 'utf8'));
    map.mappings = `;${map.mappings}`;
    writeFileSync(`${entryPath}.map`, JSON.stringify(map));
  }
}
log(`vite: dist/renderer`);
log(`build done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
