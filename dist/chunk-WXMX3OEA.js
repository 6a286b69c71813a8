import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);

// src/report/cells.ts
function cellLabel(f) {
  return f.cell === void 0 ? void 0 : `cell ${f.cell}, line ${f.line}`;
}
function withCell(f, message) {
  const label = cellLabel(f);
  return label === void 0 ? message : `${label}: ${message}`;
}
function codeTextOf(report) {
  return report.codeOf ? (p) => report.codeOf(p) : (p) => report.sourceOf(p);
}

export {
  cellLabel,
  withCell,
  codeTextOf
};
