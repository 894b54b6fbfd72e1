/**
 * The command line's small promises, as a user meets them (bin/myocue.js → dist/cli.js):
 * every command prints its own usage with --help (exit 0), `devices` fails (exit 1, one plain
 * sentence) when the system cannot list ports, and `serve --data-dir` on an unusable path fails
 * at once with a message instead of running (or spinning) without a place to save.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { assertBuilt, runCli, startCli } from '../helpers/cli-process';
import { openWire, waitForTraining, wsUrlOf } from '../helpers/wire-client';

const COMMANDS = ['serve', 'devices', 'simulate', 'record', 'analyze', 'export', 'report'];

const dir = useFileTempDir('myocue-usage-');
beforeAll(() => {
  assertBuilt();
});

/** runs to the end with a chosen environment */
function runWithEnv(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  const c = startCli(args, env);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    c.proc.kill('SIGKILL');
  }, timeoutMs);
  return new Promise((r) =>
    c.proc.on('exit', (code) => {
      clearTimeout(timer);
      setTimeout(() => r({ code, stdout: c.stdout(), stderr: c.stderr(), timedOut }), 20);
    }),
  );
}

describe('myocue COMMAND --help', () => {
  it.each(COMMANDS)('%s --help prints its own usage and exits 0', async (command) => {
    for (const flag of ['--help', '-h']) {
      const r = await runCli([command, flag]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: myocue ${command}\\b`));
      expect(r.stderr).toBe('');
    }
  });

  it('--help after other options still prints the usage (and starts nothing)', async () => {
    const r = await runCli(['serve', '--port', '0', '--help'], 10_000);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--data-dir DIR');
    expect(r.stdout).not.toMatch(/^http:/m);
  });

  it('the overview names every command', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\s`, 'm'));
  });
});

describe('every option a usage documents is one its command accepts', () => {
  // `report --help` listed --mains-harmonics while its parser refused it ("Unknown option");
  // the three commands that read a file are run with every documented option at once, against a
  // file that does not exist: whatever else fails, no option may be unknown
  it.each(['analyze', 'export', 'report'])('%s', async (command) => {
    const usage = await runCli([command, '--help']);
    const args: string[] = [];
    for (const m of usage.stdout.matchAll(/^ {2}(--[a-z-]+(?: [^\s-][^\s]*)?(?: --[a-z-]+(?: [^\s-][^\s]*)?)*)/gm)) {
      for (const o of m[1].matchAll(/(--[a-z-]+)( [^\s-][^\s]*)?/g)) {
        args.push(o[1]);
        if (o[2]) args.push(o[1] === '--out' ? path.join(dir(), `${command}-out`) : '1');
      }
    }
    expect(args.filter((a) => a.startsWith('--')).length).toBeGreaterThanOrEqual(5);
    const r = await runCli([command, path.join(dir(), 'no-such-recording.csv'), ...args]);
    expect(r.stderr).not.toMatch(/Unknown option/);
    expect(r.code).not.toBe(0);
  });
});

describe('myocue devices', () => {
  it('exits 1 with one plain sentence when the ports cannot be listed (no udevadm on PATH)', async () => {
    const emptyBin = fs.mkdtempSync(path.join(dir(), 'bin-'));
    const r = await runWithEnv(['devices'], { PATH: emptyBin });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('cannot list serial ports');
    expect(lines[0]).toContain('Type the port path instead');
    // the advice once, not wrapped in a second "Could not list serial ports"
    expect(lines[0].match(/serial ports/g)).toHaveLength(1);
    expect(r.stdout).not.toContain('No serial ports found');
  });
});

describe('myocue serve --data-dir', () => {
  const cases: [string, () => string, RegExp][] = [
    ['a file', () => {
      const f = path.join(dir(), 'a-file');
      fs.writeFileSync(f, 'x');
      return f;
    }, /is a file, not a folder/],
    ['below a file', () => path.join(dir(), 'a-file', 'sessions'), /a-file is a file, not a folder/],
    ['under /proc (where Node\'s recursive mkdir spins)', () => '/proc/myocue-nope/x', /cannot be created or written/],
  ];
  it.each(cases)('%s: fails at once (exit 2) with a message and serves nothing', async (_name, make, message) => {
    const r = await runWithEnv(['serve', '--port', '0', '--data-dir', make()], {}, 15_000);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).not.toMatch(/^http:/m);
  });

  it('a writable folder that does not exist yet is created', async () => {
    const d = path.join(dir(), 'new', 'nested', 'data');
    const serve = startCli(['serve', '--port', '0', '--no-record', '--data-dir', d]);
    try {
      await serve.waitForLine(/^http:\/\//);
      expect(fs.statSync(d).isDirectory()).toBe(true);
      // the probe file is gone
      expect(fs.readdirSync(d).filter((f) => f.startsWith('.myocue-write-test'))).toEqual([]);
    } finally {
      await serve.stop();
    }
  });
});

describe('myocue serve --left --right', () => {
  it('preselects the symmetry pair of the training view', async () => {
    const d = fs.mkdtempSync(path.join(dir(), 'pair-'));
    const serve = startCli(['serve', '--port', '0', '--no-record', '--data-dir', d, '--channels', '4', '--target', '0', '--assisting', '1', '--left', '2', '--right', '3']);
    try {
      const url = await serve.waitForLine(/^http:\/\//);
      const wire = await openWire(wsUrlOf(url.trim()));
      try {
        const t = await waitForTraining(wire, (x) => x.setup.symmetryPair != null, 20_000, 'the pair');
        expect(t.setup.symmetryPair).toEqual({ left: 2, right: 3 });
        expect(t.setup.targetChannel).toBe(0);
      } finally {
        wire.close();
      }
    } finally {
      await serve.stop();
    }
  });

  it.each([
    [['--left', '2'], /--left and --right go together/],
    [['--left', '2', '--right', '2'], /must be different channels/],
    [['--left', 'x', '--right', '1'], /--left/],
  ])('%j: exit 2 with one line, serves nothing', async (args, message) => {
    const r = await runWithEnv(['serve', '--port', '0', '--no-record', ...args], {}, 15_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).not.toMatch(/^http:/m);
  });
});
