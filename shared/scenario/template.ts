
const TOKEN = /\{\{\s*([a-zA-Z][a-zA-Z0-9]*)\s*\}\}/g;

export function templateTokens(text: string): string[] {
  return [...text.matchAll(TOKEN)].map((m) => m[1] ?? '');
}

/** Numbers are shown rounded with thousands separators; the exact values travel in the figures. */
export function formatFigure(value: number | null): string {
  if (value === null) return '—';
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
  // Thousands separators by hand: toLocaleString is slow on a hot path (every prompt and reveal).
  const [whole = '', fraction] = String(Math.abs(rounded)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** Fill {{name}} placeholders: numbers formatted, texts as they are; unknown names stay visible. */
export function renderTemplate(text: string, vars: Readonly<Record<string, number | string | null>>): string {
  return text.replace(TOKEN, (whole, name: string) => {
    if (!Object.hasOwn(vars, name)) return whole;
    const v = vars[name] ?? null;
    return typeof v === 'string' ? v : formatFigure(v);
  });
}
