/**
 * What the Sessions page asks for at start (issue 10.5): the requests sent before React renders
 * are answered once to the view that takes them (renderer/src/api/early-requests.ts), a failed one
 * reaches its taker and is not an unhandled rejection; the page's dates are formatted without Intl
 * (renderer/src/sessions/session-date.ts), in local time; and the renderer's hashed assets may be
 * cached by the browser while index.html is revalidated (src/host/browser-server.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CommandName, MyocueApi } from '../../src/host/contract';
import { clearEarly, invokeOrTakeEarly, sendEarly, takeEarly } from '../../renderer/src/api/early-requests';
import { formatSessionDateTime } from '../../renderer/src/sessions/session-date';
import { staticCacheControl } from '../../src/host/browser-server';

/** a fake host that counts the commands sent and answers each with its number */
function countingApi(fail: CommandName[] = []) {
  const sent: string[] = [];
  const api: MyocueApi = {
    invoke: ((command: CommandName) => {
      sent.push(command);
      return fail.includes(command) ? Promise.reject(new Error(`${command} refused`)) : Promise.resolve(sent.length);
    }) as MyocueApi['invoke'],
    subscribe: () => () => undefined,
  };
  return { api, sent };
}

afterEach(() => clearEarly());

describe('requests sent at page start', () => {
  it('are sent once and taken once; a later load asks the host again', async () => {
    const { api, sent } = countingApi();
    sendEarly(api, 'listSessions');
    sendEarly(api, 'listSessions'); // a second start (StrictMode) sends nothing more
    expect(sent).toEqual(['listSessions']);
    expect(await invokeOrTakeEarly(api, 'listSessions')).toBe(1);
    expect(sent).toEqual(['listSessions']);
    // taken: the next load (Refresh) is a new request
    expect(takeEarly('listSessions')).toBeNull();
    expect(await invokeOrTakeEarly(api, 'listSessions')).toBe(2);
    expect(sent).toEqual(['listSessions', 'listSessions']);
  });

  it('without one sent at start, the view asks the host itself', async () => {
    const { api, sent } = countingApi();
    expect(await invokeOrTakeEarly(api, 'listExercises')).toBe(1);
    expect(sent).toEqual(['listExercises']);
  });

  it('a refused early request reaches the view that takes it, and is no unhandled rejection before', async () => {
    const { api } = countingApi(['listSessions']);
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      sendEarly(api, 'listSessions');
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
      await expect(invokeOrTakeEarly(api, 'listSessions')).rejects.toThrow('listSessions refused');
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('the Sessions page dates', () => {
  it('read day, month, year and 24-hour time in local time, as Date reads them', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }), (d) => {
        const text = formatSessionDateTime(d.toISOString());
        const m = /^(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}), (\d{2}):(\d{2})$/.exec(text);
        expect(m, text).not.toBeNull();
        const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
        expect([Number(m![1]), months.indexOf(m![2]), Number(m![3]), Number(m![4]), Number(m![5])]).toEqual([d.getDate(), d.getMonth(), d.getFullYear(), d.getHours(), d.getMinutes()]);
      }),
    );
  });

  it('say so when there is no date, and keep an unreadable one as it is', () => {
    expect(formatSessionDateTime(null)).toBe('—');
    expect(formatSessionDateTime('')).toBe('—');
    expect(formatSessionDateTime('not a date')).toBe('not a date');
  });
});

describe("the renderer build's caching", () => {
  it("lets the browser keep the content-hashed assets and revalidates the rest", () => {
    expect(staticCacheControl('/assets/index-DJmLEaFJ.js')).toMatch(/immutable/);
    expect(staticCacheControl('/assets/index-D7qlDMke.css')).toMatch(/max-age=\d+/);
    for (const p of ['/index.html', '/', '/favicon.svg', '/sessions', '/assetsx.js']) expect(staticCacheControl(p)).toBe('no-cache');
  });
});
