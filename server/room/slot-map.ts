/**
 * A Map for keys whose values come and go all the time (a room's queue tail, the batch of commands
 * waiting for it): when a key's value goes, its entry stays, vacant, and vacant entries are deleted
 * together once they outnumber the held ones (and at least `minVacant` of them), when a new key
 * comes. A room that is busy keeps one entry however often its value changes.
 *
 * Why not `set` and `delete` on a plain Map: every few inserts after deletes, V8 rebuilds a Map's
 * hash table (OrderedHashTable::Rehash), allocating the new table in the generation the old one is
 * in, and leaving the old table, obsolete, with every value it held. Once a churning Map's table is
 * in the old generation (a full collection while it was live is enough), every table after it is
 * made there too, and each obsolete one keeps the values it held alive through every scavenge
 * until the next mark-compact (the scavenger takes an old object's pointers into the young
 * generation as roots, dead or not). For the room service's Maps those values were commands in
 * flight, and through them their results, facts and states: in the closed loop a quarter of the
 * young generation was copied at each scavenge and promoted, 16 ms scavenges against 2-5, and the
 * server stayed so for good (docs/performance.md, item 44). Writing a new value over a held entry
 * rebuilds nothing.
 */
export class SlotMap<K, V> {
  private readonly slots = new Map<K, V | undefined>();
  private held = 0;

  constructor(private readonly minVacant = 64) {}

  get(key: K): V | undefined {
    return this.slots.get(key);
  }

  set(key: K, value: V): void {
    const had = this.slots.get(key);
    if (had === undefined) {
      if (!this.slots.has(key)) this.prune();
      this.held++;
    }
    this.slots.set(key, value);
  }

  /** Let the key's value go: `get` answers undefined; the entry itself goes at a later prune. */
  vacate(key: K): void {
    if (this.slots.get(key) === undefined) return;
    this.slots.set(key, undefined);
    this.held--;
  }

  /** Keys with a value. */
  get size(): number {
    return this.held;
  }

  /** Entries kept, vacant ones included (at most twice the held ones plus `minVacant`). */
  get entries(): number {
    return this.slots.size;
  }

  private prune(): void {
    const vacant = this.slots.size - this.held;
    if (vacant < Math.max(this.minVacant, this.held)) return;
    for (const [key, value] of this.slots) if (value === undefined) this.slots.delete(key);
  }
}
