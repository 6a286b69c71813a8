#!/usr/bin/env bash
# The GitHub Action's lint step (action.yml): annotations on stdout, SARIF to a file, a findings
# table appended to the job summary. Inputs arrive as INPUT_* environment variables.
set -uo pipefail

# Split the args input on whitespace, like a command line, with globbing off.
set -f
read -r -a args <<< "${INPUT_ARGS:-.}"
set +f
[ "${#args[@]}" -gt 0 ] || args=(.)

format=concise
case "${INPUT_ANNOTATIONS:-true}" in
  true) format=github ;;
  false) ;;
  *) echo "pyteam-lint action: input 'annotations' must be true or false, not '${INPUT_ANNOTATIONS}'" >&2; exit 2 ;;
esac

extra=()
if [ -n "${INPUT_SARIF_FILE:-}" ]; then extra+=(--sarif-file "$INPUT_SARIF_FILE"); fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then extra+=(--summary-file "$GITHUB_STEP_SUMMARY"); fi

status=0
node "$GITHUB_ACTION_PATH/bin/pyteam-lint.js" --format "$format" "${extra[@]}" "${args[@]}" || status=$?

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "exit-code=$status" >> "$GITHUB_OUTPUT"
  if [ -n "${INPUT_SARIF_FILE:-}" ] && [ -f "$INPUT_SARIF_FILE" ]; then echo "sarif-file=$INPUT_SARIF_FILE" >> "$GITHUB_OUTPUT"; fi
fi
exit "$status"
