// Appends variables to the app's .env, one comment line above each, and never touches a
// variable the file already has — set, empty or commented out (docs/architecture.md, "init").
import type { EnvVariable } from './snippets';

/** Names the file already mentions: `NAME=…`, `export NAME=…` or a commented `# NAME=…`. */
export function envNames(source: string): Set<string> {
  const names = new Set<string>();
  for (const line of source.split(/\r?\n/)) {
    const match = /^\s*(?:#\s*)?(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
    if (match?.[1]) names.add(match[1]);
  }
  return names;
}

/** The new .env text, or null when every variable is already there. */
export function appendEnv(source: string | null, variables: EnvVariable[]): string | null {
  const present = envNames(source ?? '');
  const missing = variables.filter((variable) => !present.has(variable.name));
  if (missing.length === 0) return null;
  const lines = missing.flatMap((variable) => [
    `# ${variable.comment}`,
    variable.value === null ? `# ${variable.name}=` : `${variable.name}=${variable.value}`,
  ]);
  const base = source ?? '';
  const separator = base === '' ? '' : base.endsWith('\n') ? '\n' : '\n\n';
  return `${base}${separator}${lines.join('\n')}\n`;
}
