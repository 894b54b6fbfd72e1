/**
 * The layer rule of eslint.config.js catches what it should: src/ importing electron/, Electron or
 * renderer/; the renderer importing anything of src/ but the contract, or electron/. Linted as text
 * under the path the code would have.
 */
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: resolve(ROOT, file) });
  return r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layer rule', () => {
  it('keeps the host core free of the shell and the UI', async () => {
    expect(await layerErrors('src/host/x.ts', "import { isAppUrl } from '../../electron/app-origin';\nvoid isAppUrl;\n")).toEqual([expect.stringMatching(/never imports the Electron shell/)]);
    expect(await layerErrors('src/host/x.ts', "import { app } from 'electron';\nvoid app;\n")).toHaveLength(1);
    expect(await layerErrors('src/host/x.ts', "import { App } from '../../renderer/src/App';\nvoid App;\n")).toEqual([expect.stringMatching(/never imports the renderer/)]);
    expect(await layerErrors('src/host/x.ts', "import { flipFuses } from '@electron/fuses';\nimport { z } from 'zod';\nvoid flipFuses; void z;\n")).toEqual([]);
  });

  it('lets the renderer import only the contract', async () => {
    expect(await layerErrors('renderer/src/live/x.ts', "import type { HostStatus } from '../../../src/host/contract';\nexport type S = HostStatus;\n")).toEqual([]);
    expect(await layerErrors('renderer/src/live/x.ts', "import { decodeLiveFrame } from '../../../src/host/live-frame-codec';\nvoid decodeLiveFrame;\n")).toEqual([]);
    expect(await layerErrors('renderer/src/live/x.ts', "import { encodeLiveFrame } from '../../../src/host/live-frame-codec-extra';\nvoid encodeLiveFrame;\n")).toHaveLength(1);
    expect(await layerErrors('renderer/src/live/x.ts', "import { createHost } from '../../../src/host/host';\nvoid createHost;\n")).toEqual([expect.stringMatching(/only through src\/host\/contract\.ts/)]);
    expect(await layerErrors('renderer/src/live/x.ts', "import { EXERCISE_LIBRARY } from '../../../src/exercises/library';\nvoid EXERCISE_LIBRARY;\n")).toHaveLength(1);
    expect(await layerErrors('renderer/src/live/x.ts', "import { CSP_DIRECTIVES } from '../../../electron/csp';\nvoid CSP_DIRECTIVES;\n")).toHaveLength(1);
  });
});
