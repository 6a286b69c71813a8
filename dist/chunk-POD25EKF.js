import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);

// src/topology/labels.ts
var MARK_SIGN = "\u26A0";
function marks(item) {
  const codes = [...new Set(item.marks.map((m) => m.code))].sort();
  return codes.length > 0 ? [`${MARK_SIGN} ${codes.join(" ")}`] : [];
}
var MAX_EXPRESSION = 32;
function clip(text) {
  const flat = text.replace(/\s+/g, " ").replace(/([([{]) | ([)\]}])/g, "$1$2");
  return flat.length > MAX_EXPRESSION ? `${flat.slice(0, MAX_EXPRESSION - 1)}\u2026` : flat;
}
function nodeLines(node) {
  const base = node.path.split("/").pop();
  switch (node.kind) {
    case "parent":
      return [node.name, `parent \xB7 ${base}:${node.line}`, ...marks(node)];
    case "channel": {
      if (node.channel === "unresolved") return [node.name, "channel not resolved", ...marks(node)];
      const bound = node.channel === "queue" || node.channel === "joinable-queue" || node.channel === "manager-queue" ? node.maxsize ? ` maxsize=${clip(node.maxsize)}` : " unbounded" : "";
      return [node.name, `${node.via}${bound} \xB7 ${base}:${node.line}`, ...marks(node)];
    }
    default: {
      const names = (node.runs ?? []).map((r) => r.split(".").pop()).join(", ");
      const runs = names !== "" && names !== node.name ? ` \xB7 ${names}` : "";
      const where = node.kind === "stage" ? "stage (in the parent)" : node.kind;
      return [node.name, `${where}${runs}`, ...marks(node)];
    }
  }
}
function edgeLabel(edge) {
  const parts = [edge.kind];
  if (edge.messages && edge.messages.length > 0) parts.push(edge.messages.join(", "));
  if (edge.pill) parts.push("(pill)");
  if (edge.timeout === false && edge.from !== null && edge.to !== null) parts.push("\xB7 no timeout");
  return [...parts, ...marks(edge)].join(" ");
}

export {
  nodeLines,
  edgeLabel
};
