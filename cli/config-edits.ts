// The two config edits `init` makes: the plugin (and, on request, an SMTP e-mail provider)
// in config/plugins, and Strapi's cron in config/server (docs/architecture.md, "init").
// Each edit keeps what the file holds, adds only what is missing, and answers `manual`
// with the lines to add by hand when the file has a shape it does not recognise.
import type * as t from '@babel/types';
import {
  type ConfigShape,
  type Splice,
  appendProperty,
  applySplices,
  findConfigShape,
  findProperty,
  parseSource,
} from './config-ast';
import {
  CONFIG_PARAMS_TYPE,
  CORE_IMPORT,
  EMAIL_PROPERTY,
  PLUGIN_PROPERTY,
  newPluginsFile,
} from './snippets';

export type EditOutcome =
  | { status: 'unchanged'; reason: string }
  | { status: 'changed'; text: string; summary: string[] }
  | { status: 'manual'; message: string };

function manual(file: string, lines: string): EditOutcome {
  return {
    status: 'manual',
    message: `could not edit ${file} automatically; add this to the object it exports:\n${lines}`,
  };
}

function parseShape(source: string, typescript: boolean): ConfigShape | null {
  try {
    return findConfigShape(parseSource(source, typescript));
  } catch {
    return null;
  }
}

/** Whether config/plugins already configures Strapi's email plugin (null: cannot tell). */
export function hasEmailProvider(source: string | null, typescript: boolean): boolean | null {
  if (source === null) return false;
  const shape = parseShape(source, typescript);
  return shape ? findProperty(shape.object, 'email') !== null : null;
}

function coreImport(file: t.File): Splice[] {
  const body = file.program.body;
  const present = body.some(
    (statement) =>
      statement.type === 'ImportDeclaration' &&
      statement.source.value === '@strapi/strapi' &&
      statement.specifiers.some((specifier) => specifier.local.name === 'Core'),
  );
  if (present) return [];
  const blank = body[0]?.type === 'ImportDeclaration' ? '' : '\n';
  return [{ at: 0, remove: 0, text: `${CORE_IMPORT}${blank}` }];
}

/**
 * Splices that make the config function take `{ env }` when `needsEnv`, and in TypeScript
 * give an untyped `{ … }` parameter Strapi's own type, so the file compiles under `strict`
 * (an untyped destructured parameter is TS7031). Null when the parameter is something
 * else (a plain identifier, or no function at all) and `env` is needed.
 */
function paramSplices(
  source: string,
  shape: ConfigShape,
  typescript: boolean,
  needsEnv: boolean,
): Splice[] | null {
  const { fn } = shape;
  if (!fn) return needsEnv ? null : [];
  const typed = typescript ? `: ${CONFIG_PARAMS_TYPE}` : '';
  const first = fn.params[0];
  if (!first) {
    if (!needsEnv) return [];
    const open = source.indexOf('(', fn.start ?? 0);
    return [
      { at: open + 1, remove: 0, text: `{ env }${typed}` },
      ...(typescript ? coreImport(shape.file) : []),
    ];
  }
  if (first.type !== 'ObjectPattern') return needsEnv ? null : [];
  const splices: Splice[] = [];
  const hasEnv = first.properties.some(
    (property) =>
      property.type === 'ObjectProperty' &&
      property.key.type === 'Identifier' &&
      property.key.name === 'env',
  );
  const last = first.properties[first.properties.length - 1];
  if (needsEnv && !hasEnv) {
    if (last?.type === 'RestElement') return null;
    splices.push(
      last
        ? { at: last.end ?? 0, remove: 0, text: ', env' }
        : {
            at: (first.start ?? 0) + 1,
            remove: (first.end ?? 0) - (first.start ?? 0) - 2,
            text: ' env ',
          },
    );
  }
  if (typescript && !first.typeAnnotation) {
    splices.push({ at: first.end ?? 0, remove: 0, text: typed }, ...coreImport(shape.file));
  }
  return splices;
}

export function editPlugins(
  fileName: string,
  source: string | null,
  typescript: boolean,
  withEmail: boolean,
): EditOutcome {
  const text = source ?? newPluginsFile(typescript);
  const shape = parseShape(text, typescript);
  const wanted = PLUGIN_PROPERTY + (withEmail ? `,\n${EMAIL_PROPERTY}` : '');
  if (!shape) return manual(fileName, wanted);
  const addPlugin = findProperty(shape.object, 'sell-my-images') === null;
  const addEmail = withEmail && findProperty(shape.object, 'email') === null;
  if (!addPlugin && !addEmail && source !== null) {
    return { status: 'unchanged', reason: `${fileName} already enables sell-my-images` };
  }
  const splices = paramSplices(text, shape, typescript, addEmail);
  if (!splices) return manual(fileName, addEmail ? EMAIL_PROPERTY : PLUGIN_PROPERTY);
  const summary: string[] = [];
  const added: string[] = [];
  if (addPlugin) {
    added.push(PLUGIN_PROPERTY);
    summary.push('enables sell-my-images');
  }
  if (addEmail) {
    added.push(EMAIL_PROPERTY);
    summary.push('adds an SMTP e-mail provider (@strapi/provider-email-nodemailer)');
  }
  if (added.length > 0) splices.push(...appendProperty(text, shape.object, added.join(',\n')));
  return { status: 'changed', text: applySplices(text, splices), summary };
}

export function editServer(fileName: string, source: string, typescript: boolean): EditOutcome {
  const shape = parseShape(source, typescript);
  if (!shape) return manual(fileName, 'cron: { enabled: true },');
  const cron = findProperty(shape.object, 'cron');
  const splices: Splice[] = [];
  if (cron && cron.value.type !== 'ObjectExpression') {
    return { status: 'unchanged', reason: `${fileName} sets cron itself (left as it is)` };
  }
  if (cron && cron.value.type === 'ObjectExpression') {
    const enabled = findProperty(cron.value, 'enabled');
    const value = enabled?.value;
    if (value && !(value.type === 'BooleanLiteral' && !value.value)) {
      return { status: 'unchanged', reason: `${fileName} already sets cron.enabled` };
    }
    splices.push(
      ...(value
        ? [{ at: value.start ?? 0, remove: (value.end ?? 0) - (value.start ?? 0), text: 'true' }]
        : appendProperty(source, cron.value, 'enabled: true')),
    );
  } else {
    splices.push(...appendProperty(source, shape.object, 'cron: { enabled: true }'));
  }
  splices.push(...(paramSplices(source, shape, typescript, false) ?? []));
  return { status: 'changed', text: applySplices(source, splices), summary: ['enables cron'] };
}
