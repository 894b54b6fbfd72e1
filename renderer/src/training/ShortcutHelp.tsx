import { SHORTCUT_HELP } from './shortcuts';

/** The training keyboard shortcuts, one line (the training view's set controls and the coach view's footer). */
export function ShortcutHelp() {
  return (
    <p className="mc-shortcuts">
      {SHORTCUT_HELP.map((s) => (
        <span key={s.keys}>
          <kbd className="mc-kbd">{s.keys}</kbd> {s.what}
        </span>
      ))}
    </p>
  );
}
