import { describe, it, expect } from 'vitest';
import { validateCommand } from '../../src/host/command-validation';
import { COMMAND_NAMES, type CommandName, type Exercise } from '../../src/host/contract';

const exercise: Exercise = {
  id: 'my-hip-thrust',
  name: 'My hip thrust',
  target: [{ muscle: 'Gluteus maximus', placement: 'half way between sacrum and greater trochanter' }],
  assisting: [{ muscle: 'Biceps femoris', placement: 'mid-thigh, back' }],
  internalCues: ['Squeeze the glutes', 'Push through the heels', 'Tuck the pelvis'],
  externalCue: 'Push the bar to the ceiling',
  loadPercent1RM: { min: 20, max: 60 },
  tempo: '2 s up, 1 s squeeze, 3 s down',
  custom: true,
};

/** One valid argument per command; the test below checks the table covers COMMAND_NAMES. */
const VALID: Record<CommandName, unknown[]> = {
  getStatus: [null, undefined],
  listDevices: [null],
  connect: [
    { kind: 'sim' },
    { kind: 'sim', options: { channels: 4, sampleRateHz: 1000, focus: 'internal', mainsHz: 60, assistingChannels: [1, 2], seed: 7 } },
    { kind: 'serial', path: '/dev/ttyACM0' },
    { kind: 'serial', path: 'COM3', baudRate: 921600 },
  ],
  disconnect: [null],
  updateDsp: [{}, { highpassHz: 20, lowpassHz: 450, mains: 'off', notchQ: 30, rmsWindowMs: 100 }, { mains: 60 }],
  startSession: [null, undefined],
  endSession: [null],
  getSessionSummary: [null],
  listExercises: [null],
  saveExercise: [exercise, { ...exercise, custom: undefined }],
  getTraining: [null],
  setupTraining: [
    {},
    { exerciseId: 'hip-thrust', targetChannel: 0, assistingChannels: [1, 2], muscles: ['Glutes', 'Hamstrings', ''], person: 'Alex' },
    { exerciseId: null, targetChannel: null },
  ],
  startSet: [null, undefined, {}, { tag: 'baseline' }, { tag: 'external' }],
  endSet: [null],
  tagSet: [{ tag: 'internal' }],
  retagSet: [{ set: 2, tag: 'untagged' }],
  nextCue: [null],
  calibrate: [{ action: 'start', channel: 0 }, { action: 'cancel', channel: 63 }],
  listSessions: [null],
  renameSession: [{ id: '20240517-103015-a1b2', name: 'Leg day' }, { id: 'x', name: '' }],
  deleteSession: [{ id: '20240517-103015-a1b2' }],
  restoreSession: [{ id: '20240517-103015-a1b2' }],
  updateSession: [{ id: 's1' }, { id: 's1', notes: '' }, { id: 's1', notes: 'felt strong', setNote: { set: 2, note: 'knee' }, retag: { set: 1, tag: 'baseline' } }],
  getProgress: [{ exerciseId: 'hip-thrust' }, { exerciseId: 'hip-thrust', lifterId: 'anna-3f2a' }],
  listLifters: [null],
  addLifter: [{ name: 'Anna Berg' }, { name: 'Zoë' }],
  selectLifter: [{ id: 'me' }, { id: 'anna-3f2a' }],
  sessionReport: [{ sessionId: '20240517-103015-a1b2' }],
  exportSession: [{ sessionId: '20240517-103015-a1b2', to: 'bdf' }, { sessionId: 's1', to: 'csv', set: 2 }],
  uploadImport: [{ uploadId: 'u-1a2b', fileName: 'emg_fatigue.csv', totalBytes: 3, offset: 0, dataBase64: 'YWJj' }],
  openReplay: [{ sessionId: '20240517-103015-a1b2' }, { path: '/home/a/recording.bdf' }, { path: '/d/a.csv', rateHz: 1000, format: 'csv', target: 1, assisting: [0, 2] }],
  inspectImport: [{ path: '/d/imports/a.csv' }, { path: '/d/imports/a.txt', format: 'openbci' }],
  chooseFile: [null],
  saveExport: [{ fileName: 'Hip thrust · 3 sets set 2.bdf' }, { fileName: 'a.CSV' }],
  replayControl: [
    { action: 'play' },
    { action: 'pause' },
    { action: 'speed', speed: 0.25 },
    { action: 'speed', speed: 8 },
    { action: 'seek', timeS: 0 },
    { action: 'seek', timeS: 12.5 },
  ],
};

/** [arg, a word the error must contain (the field)] */
const INVALID: Record<CommandName, [unknown, string][]> = {
  getStatus: [[{}, 'no argument'], [1, 'no argument']],
  listDevices: [['x', 'no argument']],
  connect: [
    [null, 'argument must be an object'],
    [{ kind: 'bluetooth' }, 'kind'],
    [{ kind: 'serial' }, 'path is required'],
    [{ kind: 'serial', path: '' }, 'path must be a non-empty string'],
    [{ kind: 'serial', path: 42 }, 'path must be a string'],
    [{ kind: 'serial', path: '/dev/tty\u0000x' }, 'path must not contain NUL'],
    [{ kind: 'serial', path: '/dev/' + 'a'.repeat(300) }, 'path must be at most 256'],
    [{ kind: 'serial', path: '/dev/ttyACM0', baudRate: 12345 }, 'baudRate'],
    [{ kind: 'serial', path: '/dev/ttyACM0', baudRate: '921600' }, 'baudRate'],
    [{ kind: 'serial', path: '/dev/ttyACM0', extra: 1 }, 'unknown field "extra"'],
    [{ kind: 'sim', options: { channels: 0 } }, 'options.channels'],
    [{ kind: 'sim', options: { channels: 2.5 } }, 'options.channels must be an integer'],
    [{ kind: 'sim', options: { sampleRateHz: Number.POSITIVE_INFINITY } }, 'options.sampleRateHz'],
    [{ kind: 'sim', options: { focus: 'zen' } }, 'options.focus'],
    [{ kind: 'sim', options: { assistingChannels: [99] } }, 'options.assistingChannels[0]'],
    [{ kind: 'sim', options: { wat: 1 } }, 'unknown field "wat"'],
    [{ kind: 'sim', options: [] }, 'options must be an object'],
  ],
  disconnect: [[{ now: true }, 'no argument']],
  updateDsp: [
    [null, 'argument must be an object'],
    [{ highpassHz: 0 }, 'highpassHz'],
    [{ highpassHz: Number.NaN }, 'highpassHz'],
    [{ lowpassHz: 6000 }, 'lowpassHz'],
    [{ mains: 55 }, 'mains'],
    [{ mains: '50' }, 'mains'],
    [{ notchQ: 0.5 }, 'notchQ'],
    [{ rmsWindowMs: 5000 }, 'rmsWindowMs'],
    [{ gain: 2 }, 'unknown field "gain"'],
  ],
  startSession: [[{ name: 'x' }, 'no argument'], [true, 'no argument']],
  endSession: [[{ save: false }, 'no argument']],
  getSessionSummary: [['last', 'no argument']],
  listExercises: [[[], 'no argument']],
  saveExercise: [
    [{ ...exercise, id: '../evil' }, 'id'],
    [{ ...exercise, name: '' }, 'name must be a non-empty string'],
    [{ ...exercise, target: [] }, 'target needs at least one target muscle'],
    [{ ...exercise, target: [{ muscle: 'x' }] }, 'target[0].placement is required'],
    [{ ...exercise, internalCues: ['ok', 7] }, 'internalCues[1]'],
    [{ ...exercise, internalCues: Array(21).fill('cue') }, 'internalCues must have at most 20'],
    [{ ...exercise, loadPercent1RM: { min: 60, max: 20 } }, 'loadPercent1RM.min'],
    [{ ...exercise, loadPercent1RM: { min: -1, max: 20 } }, 'loadPercent1RM.min'],
    [{ ...exercise, tempo: undefined }, 'tempo is required'],
    [{ ...exercise, custom: 'yes' }, 'custom'],
    [{ ...exercise, script: '<x>' }, 'unknown field "script"'],
  ],
  getTraining: [[{}, 'no argument']],
  setupTraining: [
    [null, 'argument must be an object'],
    [{ targetChannel: 64 }, 'targetChannel'],
    [{ targetChannel: -1 }, 'targetChannel'],
    [{ assistingChannels: [0, 1.5] }, 'assistingChannels[1]'],
    [{ assistingChannels: 1 }, 'assistingChannels must be a list'],
    [{ muscles: Array(65).fill('m') }, 'muscles must have at most 64'],
    [{ muscles: [3] }, 'muscles[0]'],
    [{ person: 'p'.repeat(101) }, 'person must be at most 100'],
    [{ exerciseId: 5 }, 'exerciseId'],
  ],
  startSet: [
    [{ tag: 'heavy' }, 'tag must be one of'],
    [{ tag: 'baseline', n: 1 }, 'unknown field "n"'],
    ['baseline', 'argument must be an object'],
  ],
  endSet: [[{}, 'no argument']],
  tagSet: [
    [{}, 'tag is required'],
    [{ tag: 'other' }, 'tag must be one of'],
    [null, 'argument must be an object'],
  ],
  retagSet: [
    [{ tag: 'internal' }, 'set is required'],
    [{ set: 0, tag: 'internal' }, 'set'],
    [{ set: 1.5, tag: 'internal' }, 'set'],
    [{ set: 1, tag: 'other' }, 'tag must be one of'],
  ],
  nextCue: [[0, 'no argument']],
  calibrate: [
    [{ action: 'start' }, 'channel is required'],
    [{ action: 'stop', channel: 0 }, 'action'],
    [{ action: 'start', channel: 64 }, 'channel'],
    [{ action: 'start', channel: '0' }, 'channel'],
  ],
  listSessions: [[{ all: true }, 'no argument']],
  renameSession: [
    [{ id: 'x' }, 'name is required'],
    [{ id: 'x', name: 'n'.repeat(201) }, 'name must be at most 200'],
    [{ id: '../x', name: 'n' }, 'id must be a session id'],
    [{ id: '.hidden', name: 'n' }, 'id must be a session id'],
    [{ id: '', name: 'n' }, 'id must be a non-empty string'],
  ],
  deleteSession: [
    [{ id: 'a/b' }, 'id must be a session id'],
    [{}, 'id is required'],
    [{ id: 'x', force: true }, 'unknown field "force"'],
  ],
  getProgress: [[{}, 'exerciseId is required'], [{ exerciseId: 'a b' }, 'exerciseId'], [{ exerciseId: 'squat', lifterId: '../x' }, 'lifterId']],
  restoreSession: [[{ id: '../bin/x' }, 'id'], [{}, 'id is required']],
  updateSession: [
    [{ id: 's1', notes: 'n'.repeat(4001) }, 'notes must be at most 4000'],
    [{ id: 's1', setNote: { set: 0, note: 'x' } }, 'setNote.set'],
    [{ id: 's1', retag: { set: 1, tag: 'heavy' } }, 'retag.tag'],
    [{ id: '.hidden' }, 'id'],
    [{ id: 's1', lifterId: 'me' }, 'unknown field "lifterId"'],
  ],
  listLifters: [[{}, 'takes no argument']],
  addLifter: [[{ name: '   ' }, 'name must not be empty'], [{ name: 'a\nb' }, 'name must be on one line'], [{ name: 'x'.repeat(61) }, 'name must be at most 60']],
  selectLifter: [[{ id: 'Anna' }, 'id must be a lifter id'], [{ id: '' }, 'id']],
  sessionReport: [[{}, 'sessionId is required'], [{ sessionId: '../etc/passwd' }, 'sessionId']],
  exportSession: [[{ sessionId: 's1', to: 'wav' }, 'to'], [{ sessionId: 's1', to: 'csv', set: 0 }, 'set']],
  uploadImport: [
    [{ uploadId: '../x', fileName: 'a.csv', totalBytes: 3, offset: 0, dataBase64: 'YWJj' }, 'uploadId'],
    [{ uploadId: 'u1', fileName: 'a.csv', totalBytes: 3, offset: 0, dataBase64: 'not base64!' }, 'dataBase64'],
    [{ uploadId: 'u1', fileName: 'a.csv', totalBytes: 0, offset: 0, dataBase64: '' }, 'totalBytes'],
  ],
  openReplay: [
    [{}, 'sessionId is required'],
    [{ path: '' }, 'path must be a non-empty string'],
    [{ path: '/x.bdf', sessionId: 'y' }, 'unknown field "sessionId"'],
    [{ sessionId: '../../etc/passwd' }, 'sessionId must be a session id'],
    [{ path: '/x.csv', format: 'wav' }, 'format must be one of'],
    [{ path: '/x.csv', target: -1 }, 'target'],
    [{ path: '/x.csv', assisting: [1.5] }, 'assisting'],
  ],
  inspectImport: [
    [{}, 'path is required'],
    [{ path: '/x.csv', rateHz: 5 }, 'unknown field "rateHz"'],
  ],
  chooseFile: [[{ path: '/etc/passwd' }, 'takes no argument']],
  saveExport: [
    [{ fileName: '../x.bdf' }, 'fileName'],
    [{ fileName: 'a/b.bdf' }, 'fileName'],
    [{ fileName: '.x.bdf.tmp-1' }, 'fileName'],
    [{ fileName: 'x.bdf.partial-1-2' }, 'fileName'],
    [{ fileName: '/etc/passwd' }, 'fileName'],
    [{ fileName: 'C:\\x.bdf' }, 'fileName'],
    [{ fileName: 'x.bdf', path: '/tmp' }, 'path'],
  ],
  replayControl: [
    [{ action: 'rewind' }, 'action must be one of'],
    [{ action: 'speed' }, 'speed is required'],
    [{ action: 'speed', speed: 16 }, 'speed must be a number from 0.25 to 8'],
    [{ action: 'speed', speed: 0.1 }, 'speed'],
    [{ action: 'seek', timeS: -1 }, 'timeS'],
    [{ action: 'seek', timeS: Number.POSITIVE_INFINITY }, 'timeS'],
    [{ action: 'play', speed: 2 }, 'unknown field "speed"'],
  ],
};

describe('validateCommand', () => {
  it('has valid and invalid cases for every command of the contract', () => {
    expect(Object.keys(VALID).sort()).toEqual([...COMMAND_NAMES].sort());
    expect(Object.keys(INVALID).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  for (const command of COMMAND_NAMES) {
    describe(command, () => {
      it.each(VALID[command].map((a) => [JSON.stringify(a) ?? 'undefined', a]))('accepts %s', (_label, arg) => {
        const r = validateCommand(command, arg);
        expect(r).toMatchObject({ ok: true, command });
      });
      it.each(INVALID[command].map(([a, field]) => [JSON.stringify(a)?.slice(0, 80) ?? 'undefined', a, field]))(
        'rejects %s',
        (_label, arg, field) => {
          const r = validateCommand(command, arg);
          expect(r.ok).toBe(false);
          if (!r.ok) {
            expect(r.error.startsWith(`${command}: `)).toBe(true);
            expect(r.error).toContain(field);
          }
        },
      );
    });
  }

  it('gives the exact plain message for a bad serial path', () => {
    expect(validateCommand('connect', { kind: 'serial', path: '' })).toEqual({ ok: false, error: 'connect: path must be a non-empty string' });
  });

  it('normalises a missing argument of a no-argument command to null', () => {
    expect(validateCommand('getStatus', undefined)).toEqual({ ok: true, command: 'getStatus', arg: null });
    expect(validateCommand('startSet', undefined)).toEqual({ ok: true, command: 'startSet', arg: null });
  });

  it('rejects unknown commands, non-string commands and inherited names', () => {
    for (const c of ['shutdown', 'toString', '__proto__', 'constructor', 'hasOwnProperty', '', 42, null, undefined, {}]) {
      const r = validateCommand(c, null);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/^unknown command/);
    }
  });

  it('rejects prototype-pollution style keys, as parsed from JSON', () => {
    const cases: [CommandName, string][] = [
      ['updateDsp', '{"__proto__":{"polluted":true}}'],
      ['updateDsp', '{"constructor":{"prototype":{"polluted":true}}}'],
      ['connect', '{"kind":"sim","options":{"__proto__":{"channels":64}}}'],
      ['setupTraining', '{"__proto__":{"person":"x"}}'],
      ['saveExercise', JSON.stringify(exercise).replace('{', '{"__proto__":{"custom":false},')],
      ['tagSet', '{"tag":"internal","__proto__":{"x":1}}'],
    ];
    for (const [command, json] of cases) {
      const r = validateCommand(command, JSON.parse(json));
      expect(r.ok, json).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/unknown field "(__proto__|constructor)"/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects objects that are not plain (class instances, arrays, objects with a foreign prototype)', () => {
    class Spec {
      kind = 'sim';
    }
    expect(validateCommand('connect', new Spec()).ok).toBe(false);
    expect(validateCommand('connect', Object.create({ kind: 'sim' })).ok).toBe(false);
    expect(validateCommand('tagSet', [['tag', 'internal']]).ok).toBe(false);
    // null-prototype objects (structured clone output in some engines) are fine
    expect(validateCommand('tagSet', Object.assign(Object.create(null), { tag: 'internal' })).ok).toBe(true);
  });

  it('rejects huge strings everywhere text is accepted, without echoing them', () => {
    const huge = 'x'.repeat(5_000_000);
    const cases: [CommandName, unknown][] = [
      ['connect', { kind: 'serial', path: huge }],
      ['renameSession', { id: 'x', name: huge }],
      ['renameSession', { id: huge, name: 'n' }],
      ['setupTraining', { person: huge }],
      ['setupTraining', { muscles: [huge] }],
      ['saveExercise', { ...exercise, tempo: huge }],
      ['saveExercise', { ...exercise, internalCues: [huge] }],
      ['openReplay', { path: huge }],
      ['getProgress', { exerciseId: huge }],
    ];
    for (const [command, arg] of cases) {
      const r = validateCommand(command, arg);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.length).toBeLessThan(200);
    }
    const r = validateCommand(huge, null);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.length).toBeLessThan(200);
    const key = validateCommand('updateDsp', { [huge]: 1 });
    expect(key.ok).toBe(false);
    if (!key.ok) expect(key.error.length).toBeLessThan(200);
  });

  it('passes the argument through unchanged when valid', () => {
    const arg = { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 115200 };
    const r = validateCommand('connect', arg);
    expect(r).toEqual({ ok: true, command: 'connect', arg });
  });
});

describe('one schema per data type at every boundary (issue 9.16)', () => {
  it('the IPC/WebSocket exercise id rule is the store rule: kebab-case', async () => {
    const { validateExercise } = await import('../../src/exercises/exercise-store');
    for (const id of ['Hip_Thrust', 'hip_thrust', 'HIP', '-x', 'x-', 'a--b']) {
      expect(validateCommand('saveExercise', { ...exercise, id }).ok, id).toBe(false);
      expect(validateCommand('getProgress', { exerciseId: id }).ok, id).toBe(false);
      expect(validateExercise({ ...exercise, id }).length, id).toBeGreaterThan(0);
    }
    expect(validateExercise(exercise)).toEqual([]);
  });

  it('the simulator, the connect command and the CLI share the rep seconds range', async () => {
    const { resolveSimulatorOptions } = await import('../../src/devices/simulated-emg');
    const { simOptionsFromArgs } = await import('../../src/cli/sim-options-args');
    for (const repSeconds of [0.2, 0.49, 30.5, 120]) {
      expect(validateCommand('connect', { kind: 'sim', options: { repSeconds } }).ok).toBe(false);
      expect(() => resolveSimulatorOptions({ repSeconds })).toThrow(/repSeconds must be a number from 0.5 to 30/);
      expect(() => simOptionsFromArgs({ 'rep-seconds': String(repSeconds) })).toThrow(/--rep-seconds: must be a number from 0.5 to 30/);
    }
    for (const repSeconds of [0.5, 3, 30]) {
      expect(validateCommand('connect', { kind: 'sim', options: { repSeconds } }).ok).toBe(true);
      expect(resolveSimulatorOptions({ repSeconds }).repSeconds).toBe(repSeconds);
      expect(simOptionsFromArgs({ 'rep-seconds': String(repSeconds) }).repSeconds).toBe(repSeconds);
    }
  });

  it('words every message plainly, naming the field, never quoting the value', () => {
    expect(validateCommand('connect', { kind: 'sim', options: { channels: 2.5 } })).toEqual({ ok: false, error: 'connect: options.channels must be an integer from 1 to 32' });
    expect(validateCommand('replayControl', { action: 'speed' })).toEqual({ ok: false, error: 'replayControl: speed is required' });
    expect(validateCommand('calibrate', { action: 'start', channel: 'zero' })).toEqual({ ok: false, error: 'calibrate: channel must be an integer from 0 to 63' });
    expect(validateCommand('tagSet', { tag: 'secret-value' })).toEqual({ ok: false, error: 'tagSet: tag must be one of "baseline", "internal", "external", "untagged"' });
  });
});
