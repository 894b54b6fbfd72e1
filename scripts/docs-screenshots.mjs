// Makes the README's screenshots from the real app: `myocue serve` on the simulated band (hip
// thrust, target ch1, assisting ch2), in Debian Chromium. Run after `npm run build`:
//   node scripts/docs-screenshots.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const dataDir = mkdtempSync(join(tmpdir(), 'myocue-docs-'));
const serve = spawn(
  process.execPath,
  ['bin/myocue.js', 'serve', '--port', '0', '--data-dir', dataDir, '--device', 'sim', '--channels', '4', '--rep-seconds', '2.5',
    '--focus', 'internal', '--seed', '7', '--exercise', 'hip-thrust', '--target', '0', '--assisting', '1'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const url = await new Promise((resolve, reject) => {
  let out = '';
  serve.stdout.setEncoding('utf8').on('data', (d) => {
    out += d;
    const line = out.split('\n').find((l) => /^http:\/\/\S+$/.test(l.trim()));
    if (line) resolve(line.trim());
  });
  serve.on('exit', () => reject(new Error(`serve exited: ${out}`)));
});
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(url);
  await page.getByTestId('session-start').click(); // the lifter starts the session
  // left and right gluteus maximus on channels 1 and 3: the symmetry bars join the read-out
  await page.getByTestId('symmetry-left').selectOption('0');
  await page.getByTestId('symmetry-right').selectOption('2');
  await page.waitForTimeout(4000); // the first rep starts the set
  await page.keyboard.press('2'); // tag it: internal focus
  await page.waitForTimeout(5000); // a few reps into the set
  // the coach view in the middle of a rep (target well up)
  await page.evaluate(() => (location.hash = '#/coach'));
  const midRep = async () => {
    for (let i = 0; i < 400; i++) {
      const v = Number(await page.getByTestId('target-mvc').getAttribute('data-value'));
      if (v > 60) return;
      await page.waitForTimeout(50);
    }
  };
  await midRep();
  await page.screenshot({ path: 'docs/screenshot-coach.png' });
  // a laptop screen: the read-out and the chart fit without scrolling
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.evaluate(() => (location.hash = '#/'));
  await page.waitForTimeout(3000);
  await midRep();
  await page.screenshot({ path: 'docs/screenshot-dashboard.png' });
  process.stdout.write('wrote docs/screenshot-dashboard.png, docs/screenshot-coach.png\n');
} finally {
  await browser.close();
  serve.kill('SIGTERM');
}
