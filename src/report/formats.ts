/**
 * The output formats beyond text, json, sarif, github and brief, by their `--format` name (the
 * names Ruff uses). Each renders a whole run; see its module for what its consumer expects.
 */
import { renderAzure } from './azure.js';
import { renderGitlab } from './gitlab.js';
import { renderJsonLines } from './jsonlines.js';
import { renderJunit } from './junit.js';
import { renderPylint } from './pylint.js';
import { renderRdjson } from './rdjson.js';
import type { RunReport } from './types.js';

export const EXTRA_FORMATS = {
  gitlab: renderGitlab,
  junit: renderJunit,
  pylint: renderPylint,
  azure: renderAzure,
  rdjson: renderRdjson,
  'json-lines': renderJsonLines,
} as const satisfies Record<string, (report: RunReport) => string>;

export type ExtraFormat = keyof typeof EXTRA_FORMATS;
export const EXTRA_FORMAT_NAMES = Object.keys(EXTRA_FORMATS) as ExtraFormat[];

/**
 * Formats whose output has no place for files that could not be checked: the CLI writes those to
 * standard error (`pyteam-lint: error: PATH: MESSAGE`) so they are not lost.
 */
export const ERRORS_ON_STDERR: ReadonlySet<ExtraFormat> = new Set<ExtraFormat>(['json-lines']);

export function isExtraFormat(name: string): name is ExtraFormat {
  return Object.hasOwn(EXTRA_FORMATS, name);
}
