/** The JSON text of a value, made once per object (see createJsonText). */
export type JsonText = (value: object) => string;

/**
 * JSON text for values never changed once made (facts, and the views projected from them), each
 * encoded once however often it is asked for soon after. A fact is stored, and pushed as it is to
 * the facilitator and to the player it is about, a few milliseconds later at most: encoding it
 * again for the push was a third of the room pipeline's CPU. The texts of the last `keep` to
 * `2 × keep` values are kept (two generations of plain Maps); an older value is encoded again.
 * A fact's push goes out at most about a millisecond after it is stored (the coalescing cap), a few
 * dozen values later even in the closed loop, so 256 is plenty; more would only keep texts alive
 * across scavenges to be copied (1,024 made the think-time scale's scavenges longer: 29–36 ms
 * against 20–35).
 * Not a WeakMap: its ephemeron table made every scavenge slower, and the pipeline's CPU per
 * decision with it was no better than encoding twice (70 against 68 µs; these Maps: 46).
 */
export function createJsonText(keep = 256): JsonText {
  let recent = new Map<object, string>();
  let older = new Map<object, string>();
  return (value) => {
    let text = recent.get(value) ?? older.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      if (recent.size >= keep) {
        older = recent;
        recent = new Map();
      }
      recent.set(value, text);
    }
    return text;
  };
}
