/**
 * Structural sharing between two consecutive training states: the parts of `next` that are deeply
 * equal to the same parts of `prev` are replaced by `prev`'s objects, so a part that did not change
 * keeps its identity from push to push (the same idea as TanStack Query's `replaceEqualDeep`).
 *
 * Why: the host pushes the training state ~10×/s and every push is a fresh `JSON.parse`, so every
 * object in it is new even when only the live numbers (%MVC, share) moved. With identities kept,
 * `React.memo` on the set cards, the rep table, the setup cards and the envelope chart skips them
 * on such a push, and only the live read-out re-renders (issue 10.8: the training panel's
 * re-render on every push was the largest main-thread task left in the dashboard's long frames).
 *
 * Plain data only (what JSON gives): objects, arrays, primitives. Pure: no React.
 */

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * `next`, with every sub-tree deeply equal to `prev`'s at the same place replaced by `prev`'s;
 * `prev` itself when the whole is equal. NaN equals NaN (a metric that is not a number yet).
 */
export function replaceEqualDeep<T>(prev: unknown, next: T): T {
  if (Object.is(prev, next)) return prev as T;
  const arrays = Array.isArray(prev) && Array.isArray(next);
  if (!arrays && !(isPlainObject(prev) && isPlainObject(next))) return next;
  const p = prev as Record<string | number, unknown>;
  const n = next as Record<string | number, unknown>;
  const keys = arrays ? null : Object.keys(n);
  const length = arrays ? (next as unknown[]).length : keys!.length;
  const out = (arrays ? new Array<unknown>(length) : {}) as Record<string | number, unknown>;
  let same = arrays ? (prev as unknown[]).length === length : Object.keys(p).length === length;
  for (let i = 0; i < length; i++) {
    const k = arrays ? i : keys![i];
    const hadKey = arrays ? i < (prev as unknown[]).length : Object.prototype.hasOwnProperty.call(p, k);
    const v = hadKey ? replaceEqualDeep(p[k], n[k]) : n[k];
    out[k] = v;
    if (!hadKey || !Object.is(v, p[k])) same = false;
  }
  return (same ? prev : out) as T;
}
