import type { FileError, Finding } from '../engine/lint.js';
import type { FileSummary } from '../engine/project.js';
import type { AnyRule } from '../rule.js';

/** Everything a reporter may print about one run. */
export interface RunReport {
  findings: readonly Finding[];
  errors: readonly FileError[];
  files: number;
  /** The rules that were enabled, in code order. */
  rules: readonly AnyRule[];
  tool: { name: string; version: string; informationUri: string };
  /** Absolute directory that finding paths are relative to. */
  cwd: string;
  /** Absolute root of the repository (or project): SARIF and annotation paths are relative to it. */
  srcRoot: string;
  /** Source text by display path, for reporters that show the offending line. */
  sourceOf(path: string): string | undefined;
  /**
   * The code a finding's lines count in, by display path: for a notebook the module its code cells
   * make (line `cellLine + line - 1`, see `codeLineOf`), else the file's text (`sourceOf`).
   */
  codeOf?(path: string): string | undefined;
  /** The analysed files' summaries (a file may appear once per configuration group), for the brief's topology. */
  summaries?: readonly FileSummary[];
  /** The display paths of the files linted (the other summaries were only indexed). */
  linted?: readonly string[];
}

export interface TextStyle {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  blue(s: string): string;
}
