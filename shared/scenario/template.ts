
const TOKEN = /\{\{\s*([a-zA-Z][a-zA-Z0-9]*)\s*\}\}/g;

export function templateTokens(text: string): string[] {
  return [...text.matchAll(TOKEN)].map((m) => m[1] ?? '');
}

/** Numbers are shown rounded with thousands separators; the exact values travel in the figures. */
export function formatFigure(value: number | null): string {
  if (value === null) return '—';
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
  if (rounded > -1000 && rounded < 1000) return String(rounded);
  // Thousands separators by hand: toLocaleString is slow on a hot path (every prompt and reveal).
  const [whole = '', fraction] = String(Math.abs(rounded)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** A template split once into its literal parts and the names between them: [text, name, text, …, text]. */
type Compiled = { parts: string[]; wholes: string[] };
const compiled = new Map<string, Compiled>();
const COMPILED_MAX = 10_000;

function compile(text: string): Compiled {
  const known = compiled.get(text);
  if (known) return known;
  const parts: string[] = [];
  const wholes: string[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    parts.push(text.slice(last, m.index), m[1] ?? '');
    wholes.push(m[0]);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  // Scenario texts are few and fixed; the bound only guards against unbounded distinct inputs.
  if (compiled.size >= COMPILED_MAX) compiled.clear();
  const result = { parts, wholes };
  compiled.set(text, result);
  return result;
}

/** Fill {{name}} placeholders: numbers formatted, texts as they are; unknown names stay visible. */
export function renderTemplate(text: string, vars: Readonly<Record<string, number | string | null>>): string {
  const { parts, wholes } = compile(text);
  let out = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    if (!Object.hasOwn(vars, name)) out += wholes[(i - 1) / 2];
    else {
      const v = vars[name] ?? null;
      out += typeof v === 'string' ? v : formatFigure(v);
    }
    out += parts[i + 1];
  }
  return out;
}
