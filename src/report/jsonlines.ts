/**
 * `--format json-lines`: one JSON object per finding per line (JSON Lines), each the object of
 * `--format json`'s `findings` array, for `jq -c`, log pipelines and streaming readers.
 *
 * Files that could not be checked are not in it: every line of a JSON Lines stream is expected
 * to have one shape, and an error object among findings would break a reader that counts or
 * groups them. The CLI reports them on standard error instead (see ERRORS_ON_STDERR in formats.ts),
 * and the exit code says the run was incomplete.
 */
import { findingJson } from './json.js';
import type { RunReport } from './types.js';

export function renderJsonLines(report: RunReport): string {
  return report.findings.map((f) => `${JSON.stringify(findingJson(f))}\n`).join('');
}
