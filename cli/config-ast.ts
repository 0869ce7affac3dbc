// Reading a Strapi config file (`config/plugins.ts`, `config/server.js`, …) as a syntax
// tree (@babel/parser) to find where to insert text; the edits are spliced into the source
// at those offsets, so every byte the owner wrote — comments, quotes, layout — stays as it
// was (docs/architecture.md, "init").
import { parse } from '@babel/parser';
import type * as t from '@babel/types';

/** The object a config file exports, and the function that returns it (if any). */
export interface ConfigShape {
  file: t.File;
  object: t.ObjectExpression;
  fn: t.ArrowFunctionExpression | t.FunctionExpression | t.FunctionDeclaration | null;
}

export function parseSource(source: string, typescript: boolean): t.File {
  return parse(source, { sourceType: 'module', plugins: typescript ? ['typescript'] : [] });
}

/** Text to insert at `at` in place of the `remove` characters there. */
export interface Splice {
  at: number;
  remove: number;
  text: string;
}

export function applySplices(source: string, splices: Splice[]): string {
  let text = source;
  // From the end backwards, so earlier offsets stay valid; of two splices at one offset the
  // one listed first ends up first in the text.
  const ordered = splices.map((splice, index) => ({ ...splice, index }));
  for (const splice of ordered.sort((a, b) => b.at - a.at || b.index - a.index)) {
    text = text.slice(0, splice.at) + splice.text + text.slice(splice.at + splice.remove);
  }
  return text;
}

/** Leading whitespace of the line that holds offset `at`. */
export function lineIndent(source: string, at: number): string {
  const lineStart = source.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t]*/.exec(source.slice(lineStart))?.[0] ?? '';
}

function unwrap(node: t.Node | null | undefined): t.Node | null {
  let current = node ?? null;
  while (
    current &&
    (current.type === 'TSAsExpression' ||
      current.type === 'TSSatisfiesExpression' ||
      current.type === 'ParenthesizedExpression')
  ) {
    current = current.expression;
  }
  return current;
}

/** `export default X` or `module.exports = X`. */
function exportedNode(file: t.File): t.Node | null {
  for (const statement of file.program.body) {
    if (statement.type === 'ExportDefaultDeclaration') return statement.declaration;
    if (
      statement.type === 'ExpressionStatement' &&
      statement.expression.type === 'AssignmentExpression' &&
      statement.expression.left.type === 'MemberExpression' &&
      statement.expression.left.object.type === 'Identifier' &&
      statement.expression.left.object.name === 'module' &&
      statement.expression.left.property.type === 'Identifier' &&
      statement.expression.left.property.name === 'exports'
    ) {
      return statement.expression.right;
    }
  }
  return null;
}

/** Follows `export default config` to `const config = …` at the top of the file. */
function resolveIdentifier(file: t.File, node: t.Node | null): t.Node | null {
  if (node?.type !== 'Identifier') return node;
  for (const statement of file.program.body) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === 'Identifier' && declarator.id.name === node.name) {
          return declarator.init ?? null;
        }
      }
    }
    if (declaration?.type === 'FunctionDeclaration' && declaration.id?.name === node.name) {
      return declaration;
    }
  }
  return null;
}

function returnedObject(body: t.BlockStatement): t.ObjectExpression | null {
  for (let i = body.body.length - 1; i >= 0; i -= 1) {
    const statement = body.body[i];
    if (statement?.type === 'ReturnStatement') {
      const argument = unwrap(statement.argument);
      return argument?.type === 'ObjectExpression' ? argument : null;
    }
  }
  return null;
}

/**
 * The exported config object: a plain object, or the object a function returns (an arrow
 * with an object body, or a function whose last statement returns an object). Null for any
 * other shape, which the caller reports instead of guessing.
 */
export function findConfigShape(file: t.File): ConfigShape | null {
  const exported = unwrap(resolveIdentifier(file, unwrap(exportedNode(file))));
  if (!exported) return null;
  if (exported.type === 'ObjectExpression') return { file, object: exported, fn: null };
  if (
    exported.type === 'ArrowFunctionExpression' ||
    exported.type === 'FunctionExpression' ||
    exported.type === 'FunctionDeclaration'
  ) {
    const body = unwrap(exported.body);
    if (body?.type === 'ObjectExpression') return { file, object: body, fn: exported };
    if (body?.type === 'BlockStatement') {
      const object = returnedObject(body);
      return object ? { file, object, fn: exported } : null;
    }
  }
  return null;
}

function keyName(property: t.ObjectExpression['properties'][number]): string | null {
  if (property.type !== 'ObjectProperty' || property.computed) return null;
  if (property.key.type === 'Identifier') return property.key.name;
  if (property.key.type === 'StringLiteral') return property.key.value;
  return null;
}

export function findProperty(object: t.ObjectExpression, name: string): t.ObjectProperty | null {
  for (const property of object.properties) {
    if (property.type === 'ObjectProperty' && keyName(property) === name) return property;
  }
  return null;
}

/**
 * Splices that append `property` (source text, possibly several lines, no trailing comma) as
 * the last entry of `object`, indented like its other entries, with trailing commas.
 */
export function appendProperty(
  source: string,
  object: t.ObjectExpression,
  property: string,
): Splice[] {
  const start = object.start ?? 0;
  const end = object.end ?? 0;
  const last = object.properties[object.properties.length - 1];
  const outer = lineIndent(source, start);
  const indent = last ? lineIndent(source, last.start ?? 0) : `${outer}  `;
  const body = property.split('\n').join(`\n${indent}`);
  if (!last) return [{ at: start, remove: end - start, text: `{\n${indent}${body},\n${outer}}` }];
  const lastEnd = last.end ?? 0;
  const between = source.slice(lastEnd, end - 1);
  const comma = /^\s*,/.test(between) ? '' : ',';
  // One line object (`{ a: 1 }`): stay on one line when the new entry is one line too.
  if (!source.slice(start, end).includes('\n') && !property.includes('\n')) {
    return [{ at: lastEnd, remove: 0, text: `${comma} ${property}` }];
  }
  const closing = source.lastIndexOf('\n', end - 1);
  const splices: Splice[] = comma ? [{ at: lastEnd, remove: 0, text: comma }] : [];
  if (closing >= lastEnd) splices.push({ at: closing, remove: 0, text: `\n${indent}${body},` });
  else splices.push({ at: end - 1, remove: 0, text: `\n${indent}${body},\n${outer}` });
  return splices;
}
