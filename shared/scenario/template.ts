import type { Figures } from '../protocol/debrief.js';

const TOKEN = /\{\{\s*([a-zA-Z][a-zA-Z0-9]*)\s*\}\}/g;

export function templateTokens(text: string): string[] {
  return [...text.matchAll(TOKEN)].map((m) => m[1] ?? '');
}

/** Numbers are shown rounded with thousands separators; the exact values travel in the figures. */
export function formatFigure(value: number | null): string {
  if (value === null) return '—';
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
  return rounded.toLocaleString('en-US');
}

export function renderTemplate(text: string, figures: Figures): string {
  return text.replace(TOKEN, (whole, name: string) => (name in figures ? formatFigure(figures[name] ?? null) : whole));
}
