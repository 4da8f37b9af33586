/** The JSON text of a value, made once per object (see createJsonText). */
export type JsonText = (value: object) => string;

/**
 * JSON text for values never changed once made (facts, and the views projected from them), each
 * encoded once however often it is asked for while the value lives. A fact is stored, and pushed as
 * it is to the facilitator and to the player it is about: encoding it again for the push was a
 * third of the room pipeline's CPU. The text is kept on the value itself, under a symbol of this
 * encoder's, not enumerable: JSON, spreads and Object.keys do not see it, and it goes when the value
 * goes. An earlier cache of the last 256 to 512 values missed whenever more than that were encoded
 * between a fact's append and its push: with Redis, every fact of the appends in flight (77 % of
 * lookups missed in the closed loop, against 40 % with the embedded store, first encodings
 * included). A WeakMap would not miss, but its ephemeron table made every scavenge slower.
 * A value that cannot take a property (frozen, sealed) is encoded each time it is asked for.
 */
export function createJsonText(): JsonText {
  const TEXT = Symbol('json');
  return (value) => {
    const held = (value as { [TEXT]?: string })[TEXT];
    if (held !== undefined) return held;
    const text = JSON.stringify(value);
    if (Object.isExtensible(value)) Object.defineProperty(value, TEXT, { value: text });
    return text;
  };
}
