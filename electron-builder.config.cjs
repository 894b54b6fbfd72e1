// Packaging configuration (electron-builder: `npx electron-builder --config electron-builder.config.cjs`
// after `npm run build`). The security-relevant parts: the app code in an ASAR archive with
// integrity checking, the DSP worker unpacked (worker threads cannot start from inside an asar:
// electron/main.ts points at app.asar.unpacked), and the Electron fuses flipped on the packaged
// binary (electron/fuses.ts, bundled to dist/electron/fuses.cjs by scripts/build.mjs).
const path = require('node:path');

/** the Electron binary inside electron-builder's output folder */
function electronBinary(context) {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(context.appOutDir, `${name}.app`);
    case 'win32':
      return path.join(context.appOutDir, `${name}.exe`);
    default:
      return path.join(context.appOutDir, context.packager.executableName);
  }
}

module.exports = {
  appId: 'org.myocue.app',
  productName: 'Myocue',
  directories: { output: 'release' },
  files: ['dist/**/*', '!dist/bench/**', 'package.json'],
  asar: true,
  asarUnpack: ['dist/dsp-worker.js', 'dist/analysis-worker.js', 'dist/*.wasm'],
  async afterPack(context) {
    const { applyMyocueFuses } = require('./dist/electron/fuses.cjs');
    await applyMyocueFuses(electronBinary(context), { resetAdHocDarwinSignature: context.arch === 3 /* arm64 */ });
  },
};
