/**
 * A lifter: a person who trains with Myocue. Sessions, MVC calibrations and progress belong to one
 * lifter (a coach with several clients, a couple sharing a laptop); %MVC is only ever computed
 * with the lifter's own MVCs. Pure types and constants (the renderer imports them via contract.ts).
 */

export interface Lifter {
  /** stable key: written into session sidecars (`lifterId`) and MVC calibrations (`person`) */
  id: string;
  /** the name shown and picked by */
  name: string;
  /** ISO 8601 */
  created: string;
}

/** The lifters of the data folder and the one training now. */
export interface LifterList {
  lifters: Lifter[];
  currentId: string;
}

/**
 * The lifter a fresh data folder starts with. Its id is the person every MVC and session was
 * stored under before lifters existed ("me"), so those stay this lifter's.
 */
export const DEFAULT_LIFTER: Lifter = { id: 'me', name: 'Me', created: '1970-01-01T00:00:00.000Z' };
