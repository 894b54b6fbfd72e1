/** The host's `sessionReport` command: a session of the library → its HTML report. */
import * as pathMod from 'node:path';
import type { MainsSetting, SessionReport } from '../host/contract';
import type { SessionStore } from '../recording/session-store';
import { loadReportData } from './load-report';
import { renderReportHtml } from './render-report';

export async function sessionReport(store: SessionStore, sessionId: string, opts: { mains?: MainsSetting } = {}): Promise<SessionReport> {
  const { meta } = store.openRecording(sessionId);
  const file = pathMod.join(store.dataDir, meta.recordingFile);
  const data = await loadReportData(file, opts);
  return { fileName: reportFileName(data.title, data.startedAt), html: renderReportHtml(data) };
}

/** "Hip thrust · 3 sets 2026-12-01.html": the title without characters file systems refuse */
export function reportFileName(title: string, startedAt: string): string {
  const safe = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || 'session';
  const day = /^\d{4}-\d{2}-\d{2}/.exec(startedAt)?.[0];
  return `${safe}${day && !safe.includes(day) ? ` ${day}` : ''} report.html`;
}
