/**
 * Seeded randomness. The room's seed is logged in `sessionCreated`; every draw is a pure function
 * of (seed, labels), so any draw can be recomputed later and no RNG state has to be threaded
 * through the room machine. Per-player draws are labelled with the player's seat (join order),
 * never a random id, so a whole session is reproducible from its seed.
 */

/** FNV-1a over the labels, mixed with the seed: a 32-bit stream id for one named draw. */
export function deriveSeed(seed: number, ...labels: readonly (string | number)[]): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (const label of labels) {
    const text = `${typeof label}:${label}|`;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h >>> 0;
}

/** mulberry32: a small, well-distributed 32-bit generator. Returns the value and the next state. */
export function nextRandom(state: number): { value: number; state: number } {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return { value: ((t ^ (t >>> 14)) >>> 0) / 4294967296, state: next };
}

/** A stream of uniform numbers in [0, 1) for one named draw. */
export function randomStream(seed: number, ...labels: readonly (string | number)[]): () => number {
  let state = deriveSeed(seed, ...labels);
  return () => {
    const r = nextRandom(state);
    state = r.state;
    return r.value;
  };
}

/** One uniform number in [0, 1) for one named draw. */
export function drawUniform(seed: number, ...labels: readonly (string | number)[]): number {
  return randomStream(seed, ...labels)();
}

/** Fisher–Yates with a seeded stream; the input is not touched. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Balanced assignment: participants in join order fill blocks of one of each condition, each
 * block in its own shuffled order. At every point the group sizes differ by at most one.
 */
export function assignCondition<T>(seed: number, conditions: readonly T[], index: number): T {
  if (conditions.length === 0) throw new Error('no conditions to assign');
  const block = Math.floor(index / conditions.length);
  const order = shuffle(conditions, randomStream(seed, 'conditions', block));
  return order[index % conditions.length] as T;
}
