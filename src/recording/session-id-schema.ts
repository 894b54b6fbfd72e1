/**
 * The one rule for a session id (the `<id>.bdf` / `<id>.session.json` pair in the data folder):
 * it becomes a file name, so no separators and no leading dot.
 */
import { text } from '../util/schema-kit';

export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export const sessionIdSchema = text(128, {
  nonEmpty: true,
  pattern: SESSION_ID_PATTERN,
  patternHint: 'must be a session id (letters, digits, ".", "_", "-")',
});
