/** The JSON text of a value, made once per object (see createJsonText). */
export type JsonText = (value: object) => string;

/**
 * JSON text for values never changed once made (facts, and the views projected from them), each
 * encoded once however often it is asked for. A fact is stored, and pushed as it is to the
 * facilitator and to the player it is about: encoding it again for the push cost ~5 % of the
 * server's CPU per decision. Keyed by identity, so a text goes when its value does.
 */
export function createJsonText(): JsonText {
  const texts = new WeakMap<object, string>();
  return (value) => {
    let text = texts.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      texts.set(value, text);
    }
    return text;
  };
}
