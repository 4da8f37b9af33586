import type { NewFact, RoomFact } from '../../../shared/protocol/index.js';
import type { DecideResult } from './decide.js';
import { evolve } from './evolve.js';
import type { RoomState } from './state.js';

/**
 * The facts one decision makes, numbered on from the room's version as they are added, and the
 * state they lead to: each fact is numbered and folded in once, and later facts are built on the
 * state the earlier ones left. Local to one decision; nothing else sees it until it is returned.
 * An event added is the new fact itself, its `seq` set in place (the builders make each event
 * fresh for this decision; copying each to add one field was 7 % of the room pipeline's CPU). An
 * event added twice would leave two facts with one number, which the store refuses.
 */
export class Made {
  readonly facts: RoomFact[] = [];
  constructor(public state: RoomState) {}

  add(...events: readonly NewFact[]): this {
    for (const event of events) {
      const fact = event as RoomFact;
      fact.seq = this.state.version + 1;
      this.facts.push(fact);
      this.state = evolve(this.state, fact);
    }
    return this;
  }

  /** The decision's result: its facts, numbered, with the state they lead to. */
  accepted(): DecideResult {
    return { kind: 'accepted', facts: this.facts, state: this.state };
  }
}
