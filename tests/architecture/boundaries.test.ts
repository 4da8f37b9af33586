import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * DESIGN.md §2: shared/ and the room machine are pure. They import zod and their own ring only,
 * and read no clock, no RNG, no environment, no timers. Parsed with the TypeScript compiler, so
 * comments and strings do not count.
 */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

type Violation = { file: string; what: string };

const FORBIDDEN_GLOBALS = new Set(['process', 'require', 'setTimeout', 'setInterval', 'setImmediate', 'crypto', 'performance', 'globalThis', 'fetch']);

function inspect(file: string, allowedRoots: string[]): Violation[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: Violation[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const spec = node.moduleSpecifier.text;
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec);
        if (!allowedRoots.some((root) => target.startsWith(path.resolve(root) + path.sep))) out.push({ file, what: `imports ${spec}` });
      } else if (spec !== 'zod') out.push({ file, what: `imports ${spec}` });
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) out.push({ file, what: 'dynamic import' });
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const call = `${node.expression.text}.${node.name.text}`;
      if (call === 'Date.now' || call === 'Math.random') out.push({ file, what: call });
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Date' && (node.arguments?.length ?? 0) === 0) {
      out.push({ file, what: 'new Date()' });
    }
    if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text) && !ts.isPropertyAccessExpression(node.parent)) out.push({ file, what: `uses ${node.text}` });
    if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text) && ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) {
      out.push({ file, what: `uses ${node.text}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe('architecture: the pure rings', () => {
  it('shared/ imports zod and shared/ only, and reads no clock, RNG, environment or timer', () => {
    const violations = files('shared').flatMap((f) => inspect(f, ['shared']));
    expect(violations).toEqual([]);
  });

  it('the room machine imports only shared/ and itself, and reads no clock, RNG, environment or timer', () => {
    const violations = files('server/room/machine').flatMap((f) => inspect(f, ['shared', 'server/room/machine']));
    expect(violations).toEqual([]);
  });

  it('detects a violation when one is present (the checker itself works)', () => {
    const tmp = path.join('tests', 'architecture', 'fixtures', 'impure.ts');
    expect(inspect(tmp, ['shared']).map((v) => v.what).sort()).toEqual(
      ['Date.now', 'Math.random', 'imports ../../../server/app.js', 'imports node:fs', 'new Date()', 'uses process'].sort(),
    );
  });
});
