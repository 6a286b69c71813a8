import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  inTimedTest,
  isShutdownMessage
} from "./chunk-HL2M4FMB.js";
import {
  LOOP_TYPES,
  PROCESS_CLASSES,
  SYNC_QUEUE_KINDS,
  TORCH_MODULE_CLASSES,
  argument,
  defineRule,
  dottedParts,
  enclosingFunction,
  external_exports,
  firstSyntaxError,
  hasSplat,
  innermost,
  isCommitShaLiteral,
  isTruthyLiteral,
  isValidRegex,
  kindOfConstructor,
  parameterName,
  patternOption,
  positionalArguments,
  queueNamePatternOption,
  regex,
  stringValue
} from "./chunk-FJE4V3FT.js";
import {
  __export
} from "./chunk-LMJK7JYR.js";

// rules/backend-architect/capture-never-released.ts
var capture_never_released_exports = {};
__export(capture_never_released_exports, {
  default: () => capture_never_released_default
});
var RELEASED_BY_RELEASE = /* @__PURE__ */ new Map([
  ["cv2.VideoCapture", "the camera stays locked (no other process can open it) and its buffers stay allocated"],
  ["cv2.VideoWriter", "the video file is never finalised: its index is not written and the last frames are lost"]
]);
var capture_never_released_default = defineRule({
  code: "PTL702",
  name: "capture-never-released",
  agent: "backend-architect",
  severity: "warning",
  enabledByDefault: true,
  testCode: "ignore",
  docs: {
    summary: "A `cv2.VideoCapture` or `cv2.VideoWriter` that nothing in the file ever `.release()`s.",
    why: "A `VideoCapture` holds its device: until `release()` (or garbage collection, whose timing nobody controls), no other process can open the camera, and a service that reopens it after an error leaks one handle per retry. A `VideoWriter` writes its container index on `release()`: a file that is never released is truncated or unplayable. Release them where their owner stops, in a `finally`, a `close()`/`__exit__` method, or wrap them in a context manager. Reported when the object's handle (a name, a `self` attribute or a container it is stored in) is never `.release()`d in the file; returning it or handing it to another call moves ownership there. Owned by the backend architect: resource ownership is a design decision. Not reported in test code.",
    bad: "import cv2\n\nclass Camera:\n    def __init__(self, url):\n        self.cap = cv2.VideoCapture(url)\n\n    def frames(self):\n        while True:\n            ok, frame = self.cap.read()\n            if not ok:\n                return\n            yield frame\n",
    good: "import cv2\n\nclass Camera:\n    def __init__(self, url):\n        self.cap = cv2.VideoCapture(url)\n\n    def frames(self):\n        try:\n            while True:\n                ok, frame = self.cap.read()\n                if not ok:\n                    return\n                yield frame\n        finally:\n            self.cap.release()\n"
  },
  callees: ["VideoCapture", "VideoWriter"],
  options: external_exports.object({}).strict(),
  messages: {
    held: "`{{handle}}` holds a `{{callee}}` that nothing in this file `.release()`s: {{effect}}; release it in a `finally` or in its owner's `close()`/`__exit__`",
    dropped: "this `{{callee}}(...)` is never `.release()`d and its handle is dropped: {{effect}}; keep it and release it when done"
  },
  create(ctx) {
    const { model } = ctx;
    return {
      call(node) {
        const qname = model.calleeName(node, ctx.ancestors);
        const effect = qname ? RELEASED_BY_RELEASE.get(qname) : void 0;
        if (!qname || !effect) return;
        const flow = model.resources.flowOf(node, "release");
        if (flow.escapes) return;
        if (model.resources.isReleased(flow, model.resources.releasesOf("release", node))) return;
        const callee = qname.slice(qname.indexOf(".") + 1);
        const handle = model.resources.handleText(node, flow);
        if (handle === null) ctx.report({ node, messageId: "dropped", data: { callee, effect } });
        else ctx.report({ node, messageId: "held", data: { handle, callee, effect } });
      }
    };
  }
});

// rules/backend-architect/layer-violation.ts
var layer_violation_exports = {};
__export(layer_violation_exports, {
  default: () => layer_violation_default
});
var DEFAULT_LAYERS = ["presentation", "application", "domain"];
var DEFAULT_SIBLINGS = { infrastructure: "application" };
var PACKAGE_NAME = /^[A-Za-z_]\w*$/;
var PACKAGE_NAME_MESSAGE = 'must be a package name (one identifier, such as "domain")';
var packageName = external_exports.string({ error: PACKAGE_NAME_MESSAGE }).regex(PACKAGE_NAME, PACKAGE_NAME_MESSAGE);
function contractOf(options) {
  const isDefault = options.layers.length === DEFAULT_LAYERS.length && options.layers.every((l, i) => l === DEFAULT_LAYERS[i]);
  const siblings = options.siblings ?? (isDefault ? DEFAULT_SIBLINGS : {});
  const rank = /* @__PURE__ */ new Map();
  const tiers = options.layers.map((layer, i) => {
    rank.set(layer, i);
    return [layer];
  });
  for (const [sibling, beside] of Object.entries(siblings)) {
    const i = options.layers.indexOf(beside);
    if (i < 0) continue;
    rank.set(sibling, i);
    tiers[i].push(sibling);
  }
  return { rank, text: tiers.map((t) => t.join(", ")).join(" > ") };
}
var TYPE_CHECKING = /^(?:[A-Za-z_]\w*\.)?TYPE_CHECKING$/;
function underTypeChecking(node, ancestors) {
  for (const a of ancestors) {
    if (a.type !== "if_statement") continue;
    const condition = a.node.childForFieldName("condition");
    if (!condition || !TYPE_CHECKING.test(condition.text.replace(/\s+/g, ""))) continue;
    const body = a.node.childForFieldName("consequence");
    if (body && node.startIndex >= body.startIndex && node.endIndex <= body.endIndex) return true;
  }
  return false;
}
function placementOf(file, rank) {
  for (const name of [file.module, ...file.aliases]) {
    const parts = name.split(".");
    for (let i = 0; i < parts.length; i++) {
      if (!rank.has(parts[i])) continue;
      if (i === parts.length - 1 && !file.isPackage) break;
      return { name, parent: parts.slice(0, i).join("."), layer: parts[i] };
    }
  }
  return null;
}
var ModuleTable = class {
  byName = /* @__PURE__ */ new Map();
  constructor(files) {
    for (const f of files) if (!this.byName.has(f.module)) this.byName.set(f.module, f);
    for (const f of files) for (const a of f.aliases) if (!this.byName.has(a)) this.byName.set(a, f);
  }
  /** The file and the name it is known by, for the longest prefix of `dotted` that is a project module. */
  resolve(dotted) {
    const parts = dotted.split(".");
    for (let n = parts.length; n > 0; n--) {
      const name = parts.slice(0, n).join(".");
      const file = this.byName.get(name);
      if (file) return { file, name };
    }
    return null;
  }
  has(name) {
    return this.byName.has(name);
  }
};
function relativeBase(name, isPackage, dots, rest) {
  const parts = name ? name.split(".") : [];
  if (!isPackage) parts.pop();
  for (let i = 1; i < dots; i++) {
    if (parts.length === 0) return null;
    parts.pop();
  }
  const base = parts.join(".");
  return base && rest ? `${base}.${rest}` : base || rest || null;
}
function importedNames(record, file, table) {
  if (record.dots === 0 && record.names.length === 0) return record.modules;
  const [module = ""] = record.modules;
  let base = module;
  if (record.dots > 0) {
    const names = file.module.includes(".") || file.isPackage ? [file.module, ...file.aliases] : file.aliases;
    const bases = names.map((n) => relativeBase(n, file.isPackage, record.dots, module)).filter((b) => b !== null);
    base = bases.find((b) => table.resolve(b) !== null) ?? bases[0] ?? null;
  }
  if (base === null) return [];
  return record.names.map((n) => n === "*" ? base : table.has(`${base}.${n}`) ? `${base}.${n}` : base);
}
var optionsSchema = external_exports.object({
  layers: external_exports.array(packageName, { error: 'must be a list of package names, highest layer first, such as ["presentation", "application", "domain"]' }).min(2, "must name at least two layers").default([...DEFAULT_LAYERS]).describe("layer packages, highest first: a layer may import the layers below it, never those above"),
  siblings: external_exports.record(packageName, packageName, { error: 'must be a table of extra layers, each naming the layer it sits beside, such as { infrastructure = "application" }' }).optional().describe(
    'extra layer packages, each ranked with the layer of `layers` it names (`{ infrastructure = "application" }`), which it may import and be imported by; when unset, `infrastructure` sits beside `application` if `layers` is the default, and there are no siblings otherwise'
  )
}).strict().superRefine((options, ctx) => {
  const seen = /* @__PURE__ */ new Set();
  options.layers.forEach((layer, i) => {
    if (seen.has(layer)) ctx.addIssue({ code: "custom", path: ["layers", i], message: `layer '${layer}' is listed twice` });
    seen.add(layer);
  });
  for (const [sibling, beside] of Object.entries(options.siblings ?? {})) {
    if (seen.has(sibling)) ctx.addIssue({ code: "custom", path: ["siblings", sibling], message: `'${sibling}' is already in \`layers\`: a layer is listed twice` });
    if (!seen.has(beside)) {
      ctx.addIssue({ code: "custom", path: ["siblings", sibling], message: `'${beside}' is not a layer; siblings sit beside one of ${options.layers.map((l) => `'${l}'`).join(", ")}` });
    }
  }
});
var layer_violation_default = defineRule({
  code: "PTL701",
  name: "layer-violation",
  agent: "backend-architect",
  severity: "warning",
  enabledByDefault: true,
  testCode: "ignore",
  docs: {
    summary: "A lower layer imports a higher one (`domain` importing `presentation` or `infrastructure`): the dependency points the wrong way.",
    why: "A layered service keeps its dependencies pointing down: `presentation` (routes, views, CLI) uses `application` (use cases) and `infrastructure` (databases, queues, HTTP clients), and both use `domain` (entities and rules), which uses none of them. Once `domain` imports a repository or a FastAPI schema, a rule change drags the web framework and the database driver into every unit test, import cycles appear, and the layers can no longer be tested, deployed or replaced apart. Reported at every import, absolute or relative, at module level or inside a function, from a module of a lower layer to a module of a higher one (`app.domain.orders` \u2192 `app.presentation.api`), found from the project index. Layers are packages: a module is in layer `L` when one of its dotted parts is `L`. By default `presentation` > `application` \u2248 `infrastructure` > `domain`, in force under a parent package with at least two of those packages; the layers of an enclosing package (`app/infrastructure/` for `app/modules/orders/domain/`) and of another layered module (`app/modules/shared/presentation/`) bind it too. `[tool.pyteam-lint.rules.layer-violation]` sets `layers` (highest first) and `siblings` for another layering. Not reported: imports under `if TYPE_CHECKING:` (they never run), imports within one layer or between siblings, imports of the standard library and third parties, and test code, which imports across layers by design (`in-tests = true` holds it to the layering too).",
    bad: "# app/presentation/api.py\nclass OrderOut:\n    def __init__(self, id: int) -> None:\n        self.id = id\n\n\n# app/domain/orders.py\nfrom app.presentation.api import OrderOut\n\n\nclass Order:\n    id: int\n\n    def to_response(self) -> OrderOut:\n        return OrderOut(id=self.id)\n",
    good: "# app/presentation/api.py\nfrom app.domain.orders import Order\n\n\nclass OrderOut:\n    def __init__(self, id: int) -> None:\n        self.id = id\n\n\ndef to_response(order: Order) -> OrderOut:\n    return OrderOut(id=order.id)\n\n\n# app/domain/orders.py\nclass Order:\n    id: int\n"
  },
  options: optionsSchema,
  messages: {
    violation: "`{{importer}}` imports `{{imported}}`: {{lower}} must not depend on {{higher}} (layers: {{contract}})"
  },
  create(ctx) {
    const { rank } = contractOf(ctx.options);
    const segments = [...ctx.file.module.split("."), ...ctx.file.path.split("/").slice(0, -1)];
    if (!segments.some((s) => rank.has(s))) return {};
    const visit = (node) => {
      if (underTypeChecking(node, ctx.ancestors)) return;
      const record = importRecord(node);
      if (record) ctx.record({ ...record, location: ctx.locate(node) });
    };
    return { import_statement: visit, import_from_statement: visit };
  },
  project(ctx) {
    const { rank, text } = contractOf(ctx.options);
    const code = ctx.index.files.filter((f) => !f.test);
    const table = new ModuleTable(ctx.index.files);
    const byPath = new Map(ctx.index.files.map((f) => [f.path, f]));
    const layersUnder = /* @__PURE__ */ new Map();
    const placements = /* @__PURE__ */ new Map();
    const placed = (f) => {
      if (!placements.has(f)) placements.set(f, placementOf(f, rank));
      return placements.get(f);
    };
    for (const f of code) {
      const p = placed(f);
      if (!p) continue;
      let set = layersUnder.get(p.parent);
      if (!set) layersUnder.set(p.parent, set = /* @__PURE__ */ new Set());
      set.add(p.layer);
    }
    const sameLayering = (from, to) => to.parent === from.parent || (layersUnder.get(to.parent)?.size ?? 0) >= 2 || to.parent === "" || from.parent.startsWith(`${to.parent}.`);
    for (const { path: path2, data } of ctx.records()) {
      const record = data;
      const file = byPath.get(path2);
      const from = file ? placed(file) : null;
      if (!file || !from || (layersUnder.get(from.parent)?.size ?? 0) < 2) continue;
      const reported = /* @__PURE__ */ new Set();
      for (const name of importedNames(record, file, table)) {
        const target = table.resolve(name);
        if (!target || target.file === file) continue;
        const to = placed(target.file);
        if (!to || !sameLayering(from, to) || reported.has(to.layer)) continue;
        if (rank.get(from.layer) <= rank.get(to.layer)) continue;
        reported.add(to.layer);
        ctx.report({
          path: path2,
          location: record.location,
          messageId: "violation",
          data: { importer: from.name, imported: target.name, lower: from.layer, higher: to.layer, contract: text }
        });
      }
    }
  }
});
function importRecord(node) {
  if (node.type === "import_statement") {
    const modules = [];
    for (const child of node.namedChildren) {
      if (child?.type === "dotted_name") modules.push(child.text);
      else if (child?.type === "aliased_import") {
        const name = child.childForFieldName("name");
        if (name) modules.push(name.text);
      }
    }
    return modules.length > 0 ? { dots: 0, modules, names: [] } : null;
  }
  const moduleNode = node.childForFieldName("module_name");
  if (!moduleNode) return null;
  const written = moduleNode.text.replace(/\s+/g, "");
  const dots = written.length - written.replace(/^\.+/, "").length;
  const names = [];
  for (const n of node.childrenForFieldName("name")) {
    if (n?.type === "dotted_name") names.push(n.text);
    else if (n?.type === "aliased_import") {
      const name = n.childForFieldName("name");
      if (name) names.push(name.text);
    }
  }
  if (names.length === 0 && node.namedChildren.some((c) => c?.type === "wildcard_import")) names.push("*");
  return { dots, modules: [written.slice(dots)], names };
}

// rules/python-architect/deep-inheritance.ts
var deep_inheritance_exports = {};
__export(deep_inheritance_exports, {
  default: () => deep_inheritance_default
});
var EXEMPT_ROOTS = /* @__PURE__ */ new Set([
  "BaseException",
  "Exception",
  "builtins.BaseException",
  "builtins.Exception",
  "typing.Protocol",
  "typing_extensions.Protocol",
  "typing.TypedDict",
  "typing_extensions.TypedDict",
  "typing.NamedTuple",
  "typing_extensions.NamedTuple",
  "enum.Enum",
  "enum.IntEnum",
  "enum.StrEnum",
  "enum.Flag",
  "enum.IntFlag"
]);
var BUILTIN_EXCEPTION = /^(?:builtins\.)?[A-Z]\w*(?:Error|Exception|Warning)$/;
function isExempt(index, qname) {
  return index.ancestors(qname).some((a) => EXEMPT_ROOTS.has(a) || BUILTIN_EXCEPTION.test(a) && !index.classByQname(a));
}
function chains(index) {
  const memo = /* @__PURE__ */ new Map();
  return (start) => {
    const stack = [{ q: start, expanded: false }];
    const onStack = /* @__PURE__ */ new Set();
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (memo.has(top.q)) {
        stack.pop();
        continue;
      }
      const cls = index.classByQname(top.q);
      const bases = (cls?.bases ?? []).map((b) => index.canonical(b)).filter((b) => index.classByQname(b));
      if (!top.expanded) {
        top.expanded = true;
        onStack.add(top.q);
        for (const b of bases) if (!memo.has(b) && !onStack.has(b)) stack.push({ q: b, expanded: false });
        continue;
      }
      stack.pop();
      onStack.delete(top.q);
      let longest = [];
      for (const b of bases) {
        const chain = memo.get(b) ?? [];
        if (chain.length > longest.length) longest = chain;
      }
      memo.set(top.q, [cls?.name ?? top.q, ...longest]);
    }
    return memo.get(start) ?? [];
  };
}
var deep_inheritance_default = defineRule({
  code: "PTL201",
  name: "deep-inheritance",
  agent: "python-architect",
  severity: "warning",
  enabledByDefault: true,
  testCode: "ignore",
  docs: {
    summary: "A class inherits through more project classes than `max-depth`.",
    why: "Every level of a project hierarchy couples a class to all the code above it: a change to a base message or stage class ripples into every subclass, and readers must open each file up the chain to know what an object does. The guide prefers composition and `typing.Protocol` interfaces: stages depend on the shape they need, not on a family tree. Exception hierarchies, Protocols, TypedDicts, NamedTuples and Enums are exempt. Not reported in test code: a test double inherits the depth of the class it stands in for, which is reported where it is defined.",
    bad: "class BaseMessage:\n    ts: float\n\nclass Frame(BaseMessage):\n    image: bytes\n\nclass Detection(Frame):\n    boxes: list\n",
    good: "from dataclasses import dataclass\n\n@dataclass\nclass Frame:\n    ts: float\n    image: bytes\n\n@dataclass\nclass Detection:\n    frame: Frame\n    boxes: list\n"
  },
  options: external_exports.object({
    "max-depth": external_exports.number().int().min(1).default(2).describe("how many project classes a chain may hold, the class itself included")
  }).strict(),
  messages: {
    tooDeep: "`{{name}}` is {{depth}} project classes deep ({{chain}}), more than max-depth {{max}}: compose the parts and type against a `Protocol` instead of inheriting"
  },
  create() {
    return {};
  },
  project(ctx) {
    const max = ctx.options["max-depth"];
    const chainOf = chains(ctx.index);
    for (const cls of ctx.index.allClasses()) {
      const chain = chainOf(cls.qname);
      if (chain.length <= max || isExempt(ctx.index, cls.qname)) continue;
      ctx.report({
        path: cls.path,
        location: cls.location,
        messageId: "tooDeep",
        data: { name: cls.name, depth: chain.length, chain: chain.join(" \u2192 "), max }
      });
    }
  }
});

// rules/python-architect/not-implemented-base.ts
var not_implemented_base_exports = {};
__export(not_implemented_base_exports, {
  default: () => not_implemented_base_default
});
var INERT_BASES = /* @__PURE__ */ new Set(["object", "builtins.object", "abc.ABC"]);
var GENERIC_BASES = /* @__PURE__ */ new Set(["typing.Generic", "typing_extensions.Generic"]);
var INERT_METACLASSES = /* @__PURE__ */ new Set(["abc.ABCMeta"]);
var NOT_IMPLEMENTED = /* @__PURE__ */ new Set(["NotImplementedError", "builtins.NotImplementedError"]);
function statements(block) {
  return block?.namedChildren.filter((n) => n !== null && n.type !== "comment") ?? [];
}
function isDocstring(statement) {
  const only = statement.namedChildCount === 1 ? statement.namedChild(0) : null;
  return statement.type === "expression_statement" && (only?.type === "string" || only?.type === "concatenated_string");
}
function hasOnlyInertBases(cls, model, ancestors) {
  for (const arg of cls.childForFieldName("superclasses")?.namedChildren ?? []) {
    if (!arg || arg.type === "comment") continue;
    if (arg.type === "keyword_argument") {
      if (arg.childForFieldName("name")?.text !== "metaclass") return false;
      const value = arg.childForFieldName("value");
      const metaclass = value ? model.qualifiedName(value, ancestors) : null;
      if (!metaclass || !INERT_METACLASSES.has(metaclass)) return false;
      continue;
    }
    if (arg.type === "subscript") {
      const value = arg.childForFieldName("value");
      const base2 = value ? model.qualifiedName(value, ancestors) : null;
      if (!base2 || !GENERIC_BASES.has(base2)) return false;
      continue;
    }
    const base = model.qualifiedName(arg, ancestors);
    if (!base || !INERT_BASES.has(base)) return false;
  }
  return true;
}
function classifyBody(fn, model, ancestors) {
  const body = statements(fn.childForFieldName("body"));
  if (body.length > 1 && isDocstring(body[0])) body.shift();
  if (body.length !== 1) return "real";
  const only = body[0];
  if (only.type === "expression_statement") {
    return only.namedChildCount === 1 && only.namedChild(0)?.type === "ellipsis" ? "ellipsis" : "real";
  }
  if (only.type !== "raise_statement") return "real";
  const cause = only.childForFieldName("cause");
  let raised = only.namedChildren.find((n) => n !== null && n.type !== "comment" && n.id !== cause?.id) ?? null;
  if (raised?.type === "call") raised = raised.childForFieldName("function");
  if (!raised) return "real";
  const qname = model.qualifiedName(raised, ancestors);
  return qname && NOT_IMPLEMENTED.has(qname) ? "raises" : "real";
}
function methodOf(statement) {
  if (statement.type === "function_definition") return statement;
  if (statement.type === "decorated_definition") {
    const definition = statement.childForFieldName("definition");
    return definition?.type === "function_definition" ? definition : null;
  }
  return null;
}
function isRealStatement(statement) {
  switch (statement.type) {
    case "expression_statement": {
      const assignment = statement.namedChild(0);
      return assignment?.type === "assignment" && assignment.childForFieldName("right")?.type === "lambda";
    }
    case "pass_statement":
    case "class_definition":
    case "decorated_definition":
      return false;
    default:
      return true;
  }
}
var not_implemented_base_default = defineRule({
  code: "PTL202",
  name: "not-implemented-base",
  agent: "python-architect",
  severity: "warning",
  enabledByDefault: true,
  docs: {
    summary: "A base class made only of `raise NotImplementedError` stubs is an interface written as inheritance; declare it as a `typing.Protocol`.",
    why: 'Pipelines and detector plugins grow around such "abstract" bases: every backend, camera source and result sink must inherit from the one class, import its module, and keep up with whatever state someone later adds to it \u2014 the fragile base class problem. A stub-only base carries no behaviour, so inheritance buys nothing but coupling, and a method someone forgets to override fails only at run time, deep in a long-running job. A `typing.Protocol` states the same contract structurally: a third-party model wrapper or a test double satisfies it without inheriting anything, and the type checker reports a missing or mistyped method before the pipeline ever starts.',
    bad: "import numpy as np\n\n\nclass Detector:\n    def load(self, weights: str) -> None:\n        raise NotImplementedError\n\n    def predict(self, frame: np.ndarray) -> list[dict[str, float]]:\n        raise NotImplementedError\n",
    good: "from typing import Protocol\n\nimport numpy as np\n\n\nclass Detector(Protocol):\n    def load(self, weights: str) -> None: ...\n\n    def predict(self, frame: np.ndarray) -> list[dict[str, float]]: ...\n"
  },
  options: external_exports.object({}).strict(),
  messages: {
    stubBase: "`{{name}}` only declares NotImplementedError stubs: make it a `typing.Protocol` so implementations need not inherit from it"
  },
  create(ctx) {
    return {
      class_definition(node) {
        const name = node.childForFieldName("name");
        if (!name || !hasOnlyInertBases(node, ctx.model, ctx.ancestors)) return;
        let raises = 0;
        for (const statement of statements(node.childForFieldName("body"))) {
          const method = methodOf(statement);
          if (method) {
            const body = classifyBody(method, ctx.model, ctx.ancestors);
            if (body === "real") return;
            const methodName = method.childForFieldName("name")?.text;
            if (body === "raises" && methodName !== "__init__" && methodName !== "__new__") raises++;
          } else if (isRealStatement(statement)) {
            return;
          }
        }
        if (raises > 0) ctx.report({ node: name, messageId: "stubBase", data: { name: name.text } });
      }
    };
  }
});

// rules/python-architect/untyped-queue-message.ts
var untyped_queue_message_exports = {};
__export(untyped_queue_message_exports, {
  default: () => untyped_queue_message_default
});
var SEND_METHODS = /* @__PURE__ */ new Set(["put", "put_nowait", "send"]);
function isEmptyDict(node) {
  return node.type === "dictionary" && node.namedChildCount === 0 || /^dict\s*\(\s*\)$/.test(node.text);
}
var CHANNEL_KINDS = /* @__PURE__ */ new Set(["queue", "simple-queue", "async-queue", "pipe"]);
var untyped_queue_message_default = defineRule({
  code: "PTL101",
  name: "untyped-queue-message",
  agent: "python-architect",
  severity: "warning",
  enabledByDefault: true,
  testCode: "ignore",
  docs: {
    summary: "A dict sent through a queue or pipe is an untyped message.",
    why: 'Queues and pipes are the contracts between the stages of a pipeline (camera \u2192 detector \u2192 aggregator). A dict has no schema: a renamed key or a wrong type surfaces as a KeyError in another process, far from the code that caused it, and no type checker can see across the queue. A `TypedDict`, `dataclass` or `NamedTuple` message makes the contract explicit and checkable. A dict built in a variable and then sent (`msg = {...}; q.put(msg)`) and a dict inside a tuple message (`q.put(("cmd", {...}))`) are the same untyped message; a dict started empty and filled key by key is a mapping, not a record, and is left alone. Not reported in test code: a test feeds the protocol the production code defines, and the fix belongs there.',
    bad: 'import multiprocessing as mp\n\nframes = mp.Queue()\nframes.put({"frame_id": 7, "image": image})\n',
    good: "import multiprocessing as mp\nfrom dataclasses import dataclass\n\n@dataclass(frozen=True)\nclass FrameMsg:\n    frame_id: int\n    image: bytes\n\nframes = mp.Queue()\nframes.put(FrameMsg(frame_id=7, image=image))\n"
  },
  options: external_exports.object({ "queue-name-pattern": queueNamePatternOption }).strict(),
  messages: {
    dictMessage: "untyped message: a {{shape}} sent with `.{{method}}()` gives the receiving stage no schema; send a TypedDict, dataclass or NamedTuple instance"
  },
  create(ctx) {
    const hints = { queue: regex(ctx.options["queue-name-pattern"]) };
    const isDictCall = (node) => {
      if (node.type !== "call") return false;
      const name = ctx.model.calleeName(node, ctx.ancestors);
      return name === "dict" || name === "builtins.dict";
    };
    const shapeOf = (node) => node.type === "dictionary" ? "dict literal" : node.type === "dictionary_comprehension" ? "dict comprehension" : isDictCall(node) ? "`dict(...)`" : null;
    const untypedParts = (message, at) => {
      const direct = shapeOf(message);
      if (direct) return [{ node: message, shape: direct }];
      if (message.type === "identifier") {
        const value = ctx.model.valueBefore(message, ctx.ancestors, at);
        const shape = value && !isEmptyDict(value) ? shapeOf(value) : null;
        return shape ? [{ node: message, shape: `${shape} (in \`${message.text}\`)` }] : [];
      }
      if (message.type === "tuple") {
        return message.namedChildren.flatMap((item) => item && item.type !== "tuple" && !isEmptyDict(item) ? untypedParts(item, at) : []);
      }
      return [];
    };
    return {
      call(node) {
        const call = ctx.model.methodCall(node);
        if (!call || !SEND_METHODS.has(call.method)) return;
        const args = node.childForFieldName("arguments");
        const message = args?.namedChild(0);
        if (!message || message.type === "keyword_argument") return;
        const parts = untypedParts(message, node.startIndex);
        if (parts.length === 0) return;
        const kind = ctx.model.kindOf(call.receiver, ctx.ancestors, hints);
        if (!kind || !CHANNEL_KINDS.has(kind)) return;
        for (const { node: part, shape } of parts) ctx.report({ node: part, messageId: "dictMessage", data: { shape, method: call.method } });
      }
    };
  }
});

// rules/python-async-specialist/asyncio-cpu-bound.ts
var asyncio_cpu_bound_exports = {};
__export(asyncio_cpu_bound_exports, {
  default: () => asyncio_cpu_bound_default
});

// src/engine/arrays.ts
var SHAPE_ALLOCATORS = new Set(
  ["zeros", "ones", "empty", "full", "rand", "randn"].flatMap((f) => [`numpy.${f}`, `torch.${f}`]).concat(["numpy.random.rand", "numpy.random.randn"])
);
var DATA_CONSTRUCTORS = /* @__PURE__ */ new Set([
  "torch.tensor",
  "torch.Tensor",
  "torch.as_tensor",
  "torch.FloatTensor",
  "torch.LongTensor",
  "torch.IntTensor",
  "torch.BoolTensor",
  "numpy.array",
  "numpy.asarray"
]);
function positional(call) {
  const args = call.childForFieldName("arguments");
  if (args?.type !== "argument_list") return [];
  return args.namedChildren.filter((a) => a !== null && a.type !== "keyword_argument" && a.type !== "comment");
}
function keyword(call, name) {
  const args = call.childForFieldName("arguments");
  for (const a of args?.namedChildren ?? []) {
    if (a?.type === "keyword_argument" && a.childForFieldName("name")?.text === name) return a.childForFieldName("value");
  }
  return null;
}
function integerOf(node, constant) {
  if (node.type === "integer") {
    const n = Number(node.text.replace(/_/g, ""));
    return Number.isSafeInteger(n) ? n : null;
  }
  if (node.type === "identifier") return constant(node.text);
  if (node.type === "parenthesized_expression" && node.namedChild(0)) return integerOf(node.namedChild(0), constant);
  return null;
}
function product(items, constant) {
  let n = 1;
  for (const item of items) {
    const v = integerOf(item, constant);
    if (v === null) return null;
    n *= v;
  }
  return n;
}
function literalLeaves(node, depth) {
  if (node.type === "integer" || node.type === "float" || node.type === "true" || node.type === "false") return 1;
  if (node.type === "unary_operator") return node.childForFieldName("argument") ? literalLeaves(node.childForFieldName("argument"), depth) : null;
  if ((node.type === "list" || node.type === "tuple") && depth < 8) {
    let n = 0;
    for (const item of node.namedChildren) {
      const k = item ? literalLeaves(item, depth + 1) : null;
      if (k === null) return null;
      n += k;
    }
    return n;
  }
  return null;
}
function statedElementCount(call, qname, constant = () => null) {
  if (DATA_CONSTRUCTORS.has(qname)) {
    const data = positional(call)[0] ?? keyword(call, "data");
    return data ? literalLeaves(data, 0) : null;
  }
  if (!SHAPE_ALLOCATORS.has(qname)) return null;
  const args = positional(call);
  const shape = keyword(call, "size") ?? keyword(call, "shape");
  const first = shape ?? args[0];
  if (!first) return null;
  if (first.type === "tuple" || first.type === "list") return product(first.namedChildren.filter((c) => c !== null), constant);
  if (shape) return integerOf(shape, constant);
  const leading = [];
  for (const a of qname.startsWith("torch.") || qname.startsWith("numpy.random.") ? args : args.slice(0, 1)) {
    if (integerOf(a, constant) === null) break;
    leading.push(a);
  }
  return leading.length > 0 ? product(leading, constant) : null;
}

// rules/python-async-specialist/asyncio-cpu-bound.ts
var SMALL_TENSOR = 4096;
var HTTP_METHODS = ["get", "post", "put", "patch", "delete", "head", "options", "request"];
var HTTP_CLIENT_METHODS = /* @__PURE__ */ new Set([...HTTP_METHODS, "send", "stream"]);
var CHEAP_QUERIES = /* @__PURE__ */ new Set(["is_available", "device_count", "current_device", "is_initialized", "get_device_name"]);
var WAITS_BY_KIND = /* @__PURE__ */ new Map([
  ["queue", /* @__PURE__ */ new Set(["get", "put"])],
  ["simple-queue", /* @__PURE__ */ new Set(["get", "put"])],
  ["process", /* @__PURE__ */ new Set(["join"])],
  ["thread", /* @__PURE__ */ new Set(["join"])],
  ["event", /* @__PURE__ */ new Set(["wait"])],
  ["lock", /* @__PURE__ */ new Set(["acquire", "wait"])],
  ["pool", /* @__PURE__ */ new Set(["map", "apply", "starmap"])]
]);
var WAIT_METHODS = /* @__PURE__ */ new Set([...[...WAITS_BY_KIND.values()].flatMap((m) => [...m]), "result"]);
var FUTURE_MAKERS = /* @__PURE__ */ new Set(["asyncio.run_coroutine_threadsafe", "concurrent.futures.Future"]);
var WAIT_REMEDY = "await it in a thread (`await asyncio.to_thread(...)`, `await loop.run_in_executor(None, ...)`) or use its asyncio counterpart";
function shorten(callee) {
  return callee.length > 50 ? `${callee.slice(0, 47)}...` : callee;
}
var asyncio_cpu_bound_default = defineRule({
  code: "PTL106",
  name: "asyncio-cpu-bound",
  agent: "python-async-specialist",
  severity: "warning",
  enabledByDefault: true,
  fixable: "unsafe",
  precision: "medium",
  testCode: "ignore",
  docs: {
    summary: "A synchronous CPU-bound or blocking call inside `async def` stalls the event loop.",
    why: "An asyncio service runs every request on one thread. Model inference, tensor maths, image processing or `time.sleep` called directly in a coroutine blocks that thread: every other request, health check and websocket waits, latency spikes and timeouts cascade. asyncio is for I/O concurrency; move CPU-bound work to an executor (`await loop.run_in_executor(pool, fn, x)` or `await asyncio.to_thread(fn, x)`) or a process pool, and use `await asyncio.sleep()`. The blocking work may be one call away: a sync function of the project that (through its own calls, across files) runs `subprocess.run`, a blocking HTTP call, `time.sleep` or inference, called from a coroutine, is reported at that call with the chain (`render_clip() \u2192 subprocess.run`). Waiting on a thread or process blocks the loop the same way: a sync queue's `get()` (and `put()` on a bounded one), `Process.join()`, a threading or multiprocessing `Event.wait()`, `Lock.acquire()`, `Future.result()`, a pool's `map`/`apply`; reported where written, not through helpers, and not with `block=False` or a zero timeout. Not reported in test code, where nothing else waits on the event loop; tiny constant tensors (`torch.zeros(2, 2)`) are not reported.",
    bad: "async def predict(request):\n    image = await request.body()\n    return model(preprocess(image))\n",
    good: "import asyncio\n\nasync def predict(request):\n    image = await request.body()\n    return await asyncio.to_thread(model, preprocess(image))\n"
  },
  options: external_exports.object({
    "blocking-calls": external_exports.array(external_exports.string()).default([
      "time.sleep",
      ...HTTP_METHODS.map((m) => `requests.${m}`),
      ...HTTP_METHODS.map((m) => `httpx.${m}`),
      "httpx.stream",
      "urllib.request.urlopen",
      "subprocess.run",
      "subprocess.call",
      "subprocess.check_call",
      "subprocess.check_output",
      "subprocess.getoutput",
      "subprocess.getstatusoutput",
      "os.system"
    ]).describe("qualified names of blocking calls (methods of sync HTTP clients and `Popen.wait()`/`communicate()` are known too)"),
    "cpu-bound-modules": external_exports.array(external_exports.string()).default(["torch", "numpy.linalg", "cv2", "scipy.linalg"]).describe("modules whose functions are CPU/GPU-bound work"),
    "allowed-calls": external_exports.array(external_exports.string()).default([
      "torch.no_grad",
      "torch.inference_mode",
      "torch.enable_grad",
      "torch.set_grad_enabled",
      "torch.device",
      "torch.dtype",
      "torch.Size",
      "torch.cuda.is_available",
      "torch.cuda.device_count",
      "torch.cuda.current_device",
      "torch.cuda.get_device_name",
      "torch.cuda.get_device_properties",
      "torch.cuda.empty_cache",
      "torch.cuda.memory_allocated",
      "torch.cuda.memory_reserved",
      "torch.cuda.max_memory_allocated",
      "torch.cuda.mem_get_info",
      "torch.cuda.set_device",
      "torch.cuda.is_initialized",
      // Stream and event bookkeeping is queued on the device, not waited for (`synchronize()` is).
      "torch.cuda.Event",
      "torch.cuda.Stream",
      "torch.cuda.stream",
      "torch.cuda.current_stream",
      "torch.cuda.default_stream",
      "torch.from_numpy",
      "torch.frombuffer",
      "torch.get_default_dtype",
      "torch.set_default_dtype",
      "torch.is_tensor",
      "torch.is_grad_enabled",
      "torch.manual_seed",
      "torch.set_num_threads",
      "torch.get_num_threads",
      "torch.backends",
      "cv2.VideoWriter_fourcc",
      "cv2.getTickCount",
      "cv2.getTickFrequency",
      "cv2.setNumThreads",
      "cv2.useOptimized"
    ]).describe("cheap calls (or modules) inside cpu-bound-modules that never need an executor"),
    "model-name-pattern": patternOption(
      "^(?!(?:get|load|build|create|make|init|setup|prepare|download|save|export|serialize|deserialize|update|register|reset|convert|wrap|select|fetch|set|is|has|to|from)_)(?:model|net|network|detector|classifier|predictor|backbone|encoder|decoder|segmenter|tracker|llm|\\w+_model|\\w+_net|\\w+_detector|\\w+_classifier|\\w+_llm)$",
      "names of objects whose call is model inference (a name starting with a verb, `load_model`, names a function)"
    ),
    "inference-methods": external_exports.array(external_exports.string()).default(["predict", "predict_proba", "infer", "inference", "infer_from_request", "forward", "generate", "chat", "detect"]).describe("methods that run inference when called on a model-like object"),
    "session-name-pattern": patternOption(
      "^(?:session|sess|ort_session|ort_sess|\\w+_session|\\w+_sess)$",
      "names taken to be ONNX Runtime sessions (`.run()`) when nothing else says what they are"
    )
  }).strict(),
  messages: {
    blocking: "`{{callee}}()` blocks the event loop inside `async def {{fn}}`; {{remedy}}",
    blockingHelper: "`{{callee}}()` blocks the event loop inside `async def {{fn}}` ({{chain}}); run it with `await asyncio.to_thread(...)`, or make the blocking part async"
  },
  create(ctx) {
    const o = ctx.options;
    const blocking = new Set(o["blocking-calls"]);
    const modelName = regex(o["model-name-pattern"]);
    const inference = new Set(o["inference-methods"]);
    const sessionHints = { session: regex(o["session-name-pattern"]) };
    const cpuBound = new Set(o["cpu-bound-modules"]);
    const allowed = new Set(o["allowed-calls"]);
    const roots = (prefixes) => new Set([...prefixes].map((p) => p.split(".")[0]));
    const cpuRoots = roots(cpuBound);
    const allowedRoots = roots(allowed);
    const within2 = (name, prefixes, prefixRoots) => {
      const dot = name.indexOf(".");
      if (!prefixRoots.has(dot < 0 ? name : name.slice(0, dot))) return false;
      for (let end = name.length; end > 0; end = name.lastIndexOf(".", end - 1)) if (prefixes.has(end === name.length ? name : name.slice(0, end))) return true;
      return false;
    };
    const ownPrefix = `${ctx.file.module}.`;
    const isModelLike = (parts, node, qname) => {
      const last = parts[parts.length - 1];
      const named = (parts.length === 1 || parts[0] === "self") && modelName.test(last);
      if (!named && (qname !== null && !qname.startsWith(ownPrefix) || !ctx.model.constructsModels())) return false;
      let kind = ctx.model.kindOfPath(parts, ctx.ancestors);
      if (kind === void 0) {
        const target = node();
        kind = target ? ctx.model.kindOf(target, ctx.ancestors) : null;
      }
      if (kind === "model") return true;
      return named && (kind === null || kind === "other");
    };
    const returnsAtOnce = (node, flag, flagAt, timeoutAt) => {
      const block = argument(node, flag, flagAt);
      const timeout = argument(node, "timeout", timeoutAt);
      return block?.type === "false" || timeout !== null && /^0(?:\.0*)?$/.test(timeout.text);
    };
    const unbounded = (receiver) => {
      const built = ctx.model.constructionsOf(receiver, ctx.ancestors);
      return built.length > 0 && built.every(({ call }) => {
        const maxsize = argument(call, "maxsize", 0);
        return !maxsize || /^(?:0|-\s*\d+|None)$/.test(maxsize.text.trim());
      });
    };
    const concurrencyWait = (node, method, text) => {
      const receiver = ctx.model.methodCall(node)?.receiver;
      if (!receiver) return null;
      if (method === "result") {
        const made = ctx.model.constructionsOf(receiver, ctx.ancestors);
        const future = made.length > 0 && made.every(({ call, scope }) => FUTURE_MAKERS.has(ctx.model.calleeName(call, scope) ?? "") || ctx.model.methodCall(call)?.method === "submit");
        return future && !returnsAtOnce(node, "timeout", -1, 0) ? { callee: text, remedy: "await it with `await asyncio.wrap_future(future)`" } : null;
      }
      const kind = ctx.model.kindOf(receiver, ctx.ancestors);
      if (!kind || !WAITS_BY_KIND.get(kind)?.has(method)) return null;
      switch (kind) {
        case "queue":
        case "simple-queue":
          if (method === "get" ? returnsAtOnce(node, "block", 0, 1) : returnsAtOnce(node, "block", 1, 2) || unbounded(receiver)) return null;
          return { callee: text, remedy: "use an `asyncio.Queue`, or `await asyncio.to_thread(...)` for a queue shared with threads or processes" };
        case "event":
          if (ctx.model.constructionsOf(receiver, ctx.ancestors).some(({ call, scope }) => ctx.model.calleeName(call, scope)?.startsWith("asyncio."))) return null;
          return returnsAtOnce(node, "timeout", -1, 0) ? null : { callee: text, remedy: WAIT_REMEDY };
        case "lock":
          return returnsAtOnce(node, method === "acquire" ? "blocking" : "timeout", method === "acquire" ? 0 : -1, method === "acquire" ? 1 : 0) ? null : { callee: text, remedy: WAIT_REMEDY };
        case "pool":
          return { callee: text, remedy: WAIT_REMEDY };
        default:
          return returnsAtOnce(node, "timeout", -1, 0) ? null : { callee: text, remedy: WAIT_REMEDY };
      }
    };
    const classify = (node, inCoroutine) => {
      const qname = ctx.model.calleeName(node, ctx.ancestors);
      if (qname) {
        if (blocking.has(qname)) {
          const remedy2 = qname === "time.sleep" ? "use `await asyncio.sleep(...)`" : "use an async client or `await asyncio.to_thread(...)`";
          return { callee: qname, remedy: remedy2 };
        }
        if (within2(qname, cpuBound, cpuRoots) && !within2(qname, allowed, allowedRoots) && !CHEAP_QUERIES.has(qname.slice(qname.lastIndexOf(".") + 1))) {
          const size = statedElementCount(node, qname);
          if (size !== null && size < SMALL_TENSOR) return null;
          return { callee: qname, remedy: "run it with `await loop.run_in_executor(...)` or `await asyncio.to_thread(...)`" };
        }
      }
      const parts = ctx.model.calleeParts(node);
      if (!parts) return null;
      const text = parts.join(".");
      const remedy = "run inference with `await loop.run_in_executor(...)` or `await asyncio.to_thread(...)`";
      const direct = parts.length === 1 || parts.length === 2 && parts[0] === "self";
      if (direct && isModelLike(parts, () => node.childForFieldName("function"), qname)) return { callee: text, remedy };
      if (parts.length < 2) return null;
      const method = parts[parts.length - 1];
      const receiver = () => ctx.model.methodCall(node)?.receiver ?? null;
      if (HTTP_CLIENT_METHODS.has(method) || method === "wait" || method === "communicate") {
        const kind = ctx.model.kindOfPath(parts.slice(0, -1), ctx.ancestors);
        if (kind === "http-client" && HTTP_CLIENT_METHODS.has(method)) return { callee: text, remedy: "use an async client or `await asyncio.to_thread(...)`" };
        if (kind === "popen" && (method === "wait" || method === "communicate")) {
          return { callee: text, remedy: "use `asyncio.create_subprocess_exec` and `await proc.wait()`" };
        }
      }
      if (inCoroutine && WAIT_METHODS.has(method)) {
        const wait = concurrencyWait(node, method, text);
        if (wait) return wait;
      }
      const receiverParts = parts.slice(0, -1);
      if (inference.has(method) && isModelLike(receiverParts, receiver, ctx.model.resolveDottedText(receiverParts.join("."), ctx.ancestors))) {
        return { callee: text, remedy };
      }
      if (method === "run") {
        const target = receiver();
        if (target && ctx.model.kindOf(target, ctx.ancestors, sessionHints) === "ort-session") return { callee: text, remedy };
      }
      return null;
    };
    const asyncioSleepName = () => {
      const spellings = [...ctx.model.moduleImports].flatMap(([local, qname]) => qname === "asyncio" ? [[local, `${local}.sleep`]] : qname === "asyncio.sleep" ? [[local, local]] : []).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
      for (const [local, spelling] of spellings) {
        if (ctx.model.isBound(local, ctx.ancestors) && ctx.model.resolveDottedText(spelling, ctx.ancestors) === "asyncio.sleep") return spelling;
      }
      return void 0;
    };
    const awaitSleep = (node, callee) => {
      if (callee !== "time.sleep") return void 0;
      const statement = node.parent;
      if (statement?.type !== "expression_statement" || statement.namedChildCount !== 1) return void 0;
      const sleep = asyncioSleepName();
      const fn = node.childForFieldName("function");
      if (!sleep || !fn || fn.startIndex !== node.startIndex) return void 0;
      return {
        title: `Use \`await ${sleep}(...)\` (unsafe: other tasks of the event loop now run during the pause)`,
        applicability: "unsafe",
        edits: [{ start: fn.startIndex, end: fn.endIndex, text: `await ${sleep}` }]
      };
    };
    const leaves = /* @__PURE__ */ new Set();
    return {
      call(node) {
        const fn = enclosingFunction(ctx.ancestors);
        if (fn?.type !== "function_definition" || ctx.model.isAwaited(node)) return;
        const sync = !ctx.model.isAsync(fn);
        if (sync && (ctx.file.isTest || leaves.has(fn.node.id))) return;
        const hit = classify(node, !sync);
        if (sync) {
          if (hit && !/^(?:numpy|scipy)\./.test(hit.callee)) {
            leaves.add(fn.node.id);
            const leaf = { kind: "leaf", fn: ctx.model.definitionQname(fn.node, ctx.ancestors.slice(0, ctx.ancestors.indexOf(fn))), callee: hit.callee };
            ctx.record(leaf);
          }
          return;
        }
        const name = ctx.model.nameOf(fn.node) ?? "?";
        if (!hit) {
          const callee = ctx.model.projectCallee(node, ctx.ancestors);
          if (callee) {
            const candidate = { kind: "call", callee, fn: name, fnStart: fn.start, location: ctx.locate(node) };
            ctx.record(candidate);
          }
          return;
        }
        const fix = awaitSleep(node, hit.callee);
        ctx.report({ node, messageId: "blocking", data: { callee: shorten(hit.callee), fn: name, remedy: hit.remedy }, ...fix ? { fix } : {} });
      }
    };
  },
  project(ctx) {
    const leafOf = /* @__PURE__ */ new Map();
    for (const { data } of ctx.records()) {
      const leaf = data;
      if (leaf.kind === "leaf" && !leafOf.has(leaf.fn)) leafOf.set(leaf.fn, leaf.callee);
    }
    if (leafOf.size === 0) return;
    const short = (qname) => {
      const parts = qname.split(".");
      const owner = parts.slice(0, -1).join(".");
      return ctx.index.classByQname(owner) ? `${parts.at(-2)}.${parts.at(-1)}()` : `${parts.at(-1)}()`;
    };
    const reported = /* @__PURE__ */ new Set();
    for (const { path: path2, data } of ctx.records()) {
      const c = data;
      if (c.kind !== "call") continue;
      const once = `${path2}\0${c.fnStart}\0${c.callee}`;
      if (reported.has(once)) continue;
      const chain = ctx.index.callChain(c.callee, (fn) => leafOf.get(fn));
      if (!chain) continue;
      reported.add(once);
      ctx.report({
        path: path2,
        location: c.location,
        messageId: "blockingHelper",
        data: { callee: shorten(c.callee.split(".").pop()), fn: c.fn, chain: [...chain.path.map(short), chain.leaf].join(" \u2192 ") }
      });
    }
  }
});

// rules/python-async-specialist/consumer-without-shutdown.ts
var consumer_without_shutdown_exports = {};
__export(consumer_without_shutdown_exports, {
  default: () => consumer_without_shutdown_default
});
var SCOPE_BOUNDARIES = /* @__PURE__ */ new Set(["function_definition", "lambda", "class_definition"]);
var PROCESS_EXITS = /* @__PURE__ */ new Set(["sys.exit", "os._exit", "exit", "quit", "builtins.exit", "builtins.quit"]);
function infiniteLoops(ancestors, loops) {
  const out = [];
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (SCOPE_BOUNDARIES.has(a.type)) break;
    const state = loops.get(a.node.id);
    if (state) out.unshift(state);
  }
  return out;
}
function loopBrokenOutOf(ancestors) {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (SCOPE_BOUNDARIES.has(a.type)) return void 0;
    if (a.type === "else_clause" && i > 0) {
      const owner = ancestors[i - 1];
      if ((owner.type === "for_statement" || owner.type === "while_statement") && owner.node.childForFieldName("alternative")?.id === a.node.id) {
        i--;
        continue;
      }
    }
    if (a.type === "for_statement" || a.type === "while_statement") return a;
  }
  return void 0;
}
var consumer_without_shutdown_default = defineRule({
  code: "PTL103",
  name: "consumer-without-shutdown",
  agent: "python-async-specialist",
  severity: "warning",
  enabledByDefault: true,
  docs: {
    summary: "A `while True:` consumer loop that blocks on a queue and has no way out cannot shut down gracefully.",
    why: "A consumer that loops forever on `queue.get()` with no `break`, `return` or `raise` can only be stopped by killing its process: in-flight frames are lost, results are not flushed, and `join()` on it never returns. The team's pattern is a poison pill: the producer sends a shutdown message (None or a sentinel) and the consumer leaves its loop when it sees it \u2014 or the loop checks a shutdown Event. A loop that yields (a generator) is not reported: it stops when its caller stops iterating.",
    bad: "import multiprocessing as mp\n\ndef detect(frames: mp.Queue) -> None:\n    while True:\n        frame = frames.get()\n        run_model(frame)\n",
    good: "import multiprocessing as mp\n\nSHUTDOWN = None\n\ndef detect(frames: mp.Queue) -> None:\n    while True:\n        frame = frames.get()\n        if frame is SHUTDOWN:\n            break\n        run_model(frame)\n"
  },
  options: external_exports.object({ "queue-name-pattern": queueNamePatternOption }).strict(),
  messages: {
    noExit: "this `while True:` loop blocks on `{{receiver}}.get()` but never leaves: check for a shutdown message (poison pill) and `break`, or loop on a shutdown Event"
  },
  create(ctx) {
    const hints = { queue: regex(ctx.options["queue-name-pattern"]) };
    const loops = /* @__PURE__ */ new Map();
    const exitAll = () => {
      for (const state of infiniteLoops(ctx.ancestors, loops)) state.exits = true;
    };
    return {
      while_statement(node) {
        if (isTruthyLiteral(node.childForFieldName("condition"))) loops.set(node.id, { consumes: false, exits: false });
      },
      "while_statement:exit"(node) {
        const state = loops.get(node.id);
        if (!state || !state.consumes || state.exits) return;
        if (ctx.model.flow.loopYields(node)) return;
        const condition = node.childForFieldName("condition");
        ctx.report({
          span: { start: node.startIndex, end: condition?.endIndex ?? node.startIndex + 5 },
          messageId: "noExit",
          data: { receiver: state.receiver ?? "queue" }
        });
      },
      break_statement() {
        const loop = loopBrokenOutOf(ctx.ancestors);
        const state = loop && loops.get(loop.node.id);
        if (state) state.exits = true;
      },
      return_statement: exitAll,
      raise_statement: exitAll,
      call(node) {
        const enclosing = infiniteLoops(ctx.ancestors, loops);
        if (enclosing.length === 0) return;
        const name = ctx.model.calleeName(node, ctx.ancestors);
        if (name && PROCESS_EXITS.has(name)) return exitAll();
        const call = ctx.model.methodCall(node);
        if (!call || call.method !== "get" || ctx.model.isAwaited(node)) return;
        if (!SYNC_QUEUE_KINDS.has(ctx.model.kindOf(call.receiver, ctx.ancestors, hints))) return;
        for (const state of enclosing) {
          if (!state.consumes) state.receiver = call.receiverText.length > 40 ? "queue" : call.receiverText;
          state.consumes = true;
        }
      }
    };
  }
});

// rules/python-async-specialist/join-before-drain.ts
var join_before_drain_exports = {};
__export(join_before_drain_exports, {
  default: () => join_before_drain_default
});
var QUEUE_KINDS = /* @__PURE__ */ new Set(["queue", "simple-queue"]);
var GETS = /* @__PURE__ */ new Set(["get", "get_nowait"]);
var RELEASE = /* @__PURE__ */ new Set(["cancel_join_thread"]);
var join_before_drain_default = defineRule({
  code: "PTL107",
  name: "join-before-drain",
  agent: "python-async-specialist",
  severity: "error",
  enabledByDefault: true,
  testCode: "report",
  docs: {
    summary: "A process is joined before the queue it puts to is drained: the join waits forever.",
    why: 'A process that has put items on a `multiprocessing.Queue` does not exit until a background thread has flushed them into the pipe, and the pipe holds only a few kilobytes: with nobody reading, the child waits for the parent, and the parent waits in `join()` for the child. The multiprocessing documentation calls this out ("joining processes that use queues"): it works with three small results in a test and hangs with real frames or detections. Take everything off the queue first, then join (or join with a timeout and handle a child that is still alive). Reported at a `join()` without a timeout of a process whose target (in this file or elsewhere in the project) puts to a queue it was given, when the same function takes from that queue only after the join. Not reported when the queue is also read before the join (a drain that ends with a sweep of the rest), or when it calls `cancel_join_thread()`. Reported in tests too: a hung join hangs the CI run.',
    bad: "import multiprocessing as mp\n\ndef work(jobs, results):\n    for job in jobs:\n        results.put(run(job))\n\ndef main(jobs):\n    results = mp.Queue()\n    p = mp.Process(target=work, args=(jobs, results))\n    p.start()\n    p.join()\n    return [results.get() for _ in jobs]\n",
    good: "import multiprocessing as mp\n\ndef work(jobs, results):\n    for job in jobs:\n        results.put(run(job))\n\ndef main(jobs):\n    results = mp.Queue()\n    p = mp.Process(target=work, args=(jobs, results))\n    p.start()\n    out = [results.get() for _ in jobs]\n    p.join()\n    return out\n"
  },
  callees: ["join"],
  options: external_exports.object({}).strict(),
  messages: {
    deadlock: "`{{process}}.join()` waits for a process that puts to `{{queue}}`, which is read only after the join: the child cannot exit until its items are taken; drain `{{queue}}` first, then join"
  },
  create(ctx) {
    const { model } = ctx;
    return {
      call(node) {
        const call = model.methodCall(node);
        if (call?.method !== "join" || call.receiver.type !== "identifier") return;
        if (node.childForFieldName("arguments")?.namedChildCount !== 0) return;
        if (model.kindOf(call.receiver, ctx.ancestors) !== "process") return;
        const joinAt = node.startIndex;
        for (const { call: built, scope } of model.constructionsOf(call.receiver, ctx.ancestors)) {
          if (model.kindOf(built, scope) !== "process") continue;
          const handed = model.targetArguments(built, scope);
          if (!handed) continue;
          for (const { item, slot } of handed.args) {
            if (item.type !== "identifier" || !QUEUE_KINDS.has(model.kindOf(item, scope) ?? "")) continue;
            const gets = model.flow.callsOn(item.text, GETS, ctx.ancestors);
            if (!gets.some((at) => at > joinAt) || gets.some((at) => at < joinAt)) continue;
            if (model.flow.callsOn(item.text, RELEASE, ctx.ancestors).length > 0) continue;
            const candidate = { target: handed.qname, slot, queue: item.text, process: call.receiver.text, location: ctx.locate(node) };
            ctx.record(candidate);
          }
        }
      }
    };
  },
  project(ctx) {
    const seen = /* @__PURE__ */ new Set();
    for (const { path: path2, data } of ctx.records()) {
      const c = data;
      const key = `${path2}:${c.location.line}:${c.location.column}`;
      if (seen.has(key)) continue;
      if (!ctx.index.functionsCalledAs(c.target).some((fn) => ctx.index.functionFacts(fn)?.puts?.includes(c.slot))) continue;
      seen.add(key);
      ctx.report({ path: path2, location: c.location, messageId: "deadlock", data: { process: c.process, queue: c.queue } });
    }
  }
});

// rules/python-async-specialist/process-start-without-main-guard.ts
var process_start_without_main_guard_exports = {};
__export(process_start_without_main_guard_exports, {
  default: () => process_start_without_main_guard_default
});
var SCOPES = /* @__PURE__ */ new Set(["function_definition", "lambda", "class_definition"]);
var POOLS = /* @__PURE__ */ new Set(["multiprocessing.Pool", "multiprocessing.pool.Pool", "torch.multiprocessing.Pool", "multiprocessing.context.BaseContext.Pool"]);
var EXECUTORS = /* @__PURE__ */ new Set(["concurrent.futures.ProcessPoolExecutor", "concurrent.futures.process.ProcessPoolExecutor"]);
var SPAWNERS = /* @__PURE__ */ new Set([
  "torch.multiprocessing.spawn",
  "torch.multiprocessing.start_processes",
  "torch.multiprocessing.spawn.spawn",
  "torch.multiprocessing.spawn.start_processes",
  "torch_xla.distributed.xla_multiprocessing.spawn"
]);
var MANAGER_FUNCTIONS = /* @__PURE__ */ new Set(["multiprocessing.Manager", "torch.multiprocessing.Manager"]);
var MANAGER_CLASSES = /* @__PURE__ */ new Set([
  "multiprocessing.managers.BaseManager",
  "multiprocessing.managers.SyncManager",
  "multiprocessing.managers.SharedMemoryManager"
]);
var SET_START_METHOD = /* @__PURE__ */ new Set(["multiprocessing.set_start_method", "torch.multiprocessing.set_start_method", "multiprocessing.context.set_start_method"]);
var MAIN_EQ = /^__name__\s*(==|!=)\s*(['"])__main__\2$|^(['"])__main__\3\s*(==|!=)\s*__name__$/;
var MAIN_PROCESS = /^(?:[A-Za-z_][\w.]*\.)?(?:current_process\(\)\.name (==|!=) (['"])MainProcess\2|parent_process\(\) is (not )?None)$/;
function guardKind(cond) {
  if (!cond) return null;
  switch (cond.type) {
    case "parenthesized_expression":
      return guardKind(cond.namedChild(0));
    case "not_operator": {
      const inner = guardKind(cond.childForFieldName("argument"));
      return inner === "main" ? "not-main" : inner === "not-main" ? "main" : null;
    }
    case "boolean_operator": {
      const op = cond.childForFieldName("operator")?.type ?? cond.children.find((c) => c?.type === "and" || c?.type === "or")?.type;
      const left = guardKind(cond.childForFieldName("left"));
      const right = guardKind(cond.childForFieldName("right"));
      if (op === "and") return left === "main" || right === "main" ? "main" : null;
      return left === "not-main" || right === "not-main" ? "not-main" : left === "main" && right === "main" ? "main" : null;
    }
    case "comparison_operator": {
      const text = cond.text.replace(/\s+/g, " ").trim();
      const m = MAIN_EQ.exec(text);
      if (m) return (m[1] ?? m[4]) === "==" ? "main" : "not-main";
      const p = MAIN_PROCESS.exec(text.replace(/\s*([.()])\s*/g, "$1"));
      if (p) return p[1] === "!=" || p[3] ? "not-main" : "main";
      return null;
    }
    default:
      return null;
  }
}
function guardedAt(ancestors, pos) {
  for (let i = 0; i < ancestors.length; i++) {
    const a = ancestors[i];
    if (a.type !== "if_statement" && a.type !== "elif_clause") continue;
    const kind = guardKind(a.node.childForFieldName("condition"));
    if (kind === null) continue;
    const body = a.node.childForFieldName("consequence");
    const inBody = body !== null && body.startIndex <= pos && pos < body.endIndex;
    if (inBody && kind === "main") return true;
    if (!inBody && kind === "not-main" && a.type === "if_statement") {
      const next = ancestors[i + 1];
      if (next?.type === "else_clause" && next.start >= a.start && next.end <= a.end) return true;
    }
  }
  return false;
}
function atModuleLevel(ancestors) {
  for (const a of ancestors) if (SCOPES.has(a.type)) return false;
  return true;
}
function inTryCatchingRuntimeError(ancestors, pos) {
  for (const a of ancestors) {
    if (a.type !== "try_statement") continue;
    const body = a.node.childForFieldName("body");
    if (!body || pos < body.startIndex || pos >= body.endIndex) continue;
    for (const clause of a.node.namedChildren) {
      if (clause?.type !== "except_clause") continue;
      const caught = clause.namedChildren.find((c) => c !== null && c.type !== "block" && c.type !== "comment")?.text ?? "";
      if (caught === "" || /\b(?:RuntimeError|Exception|BaseException)\b/.test(caught)) return true;
    }
  }
  return false;
}
function underStartMethodCheck(ancestors) {
  return ancestors.some((a) => (a.type === "if_statement" || a.type === "elif_clause") && /\bget_start_method\b/.test(a.node.childForFieldName("condition")?.text ?? ""));
}
var process_start_without_main_guard_default = defineRule({
  code: "PTL109",
  name: "process-start-without-main-guard",
  agent: "python-async-specialist",
  severity: "warning",
  enabledByDefault: true,
  testCode: "report",
  docs: {
    summary: 'A process, pool or manager started (or the start method set) when the module is imported, outside `if __name__ == "__main__":`.',
    why: 'Under the spawn and forkserver start methods (the default on macOS and Windows, and on Linux from Python 3.14) every child process starts a fresh interpreter that re-imports the main module (as `__mp_main__`) and the modules its target lives in. Code at module level runs again there: a `Pool(...)`, `Manager()`, `Process(...).start()` or `torch.multiprocessing.spawn(...)` tries to start processes while the child is still bootstrapping and fails with "An attempt has been made to start a new process before the current process has finished its bootstrapping phase" (a pool then respawns its dying workers forever), and `set_start_method(...)` raises "context has already been set". Creating a `Process` object, a `ProcessPoolExecutor` that is only used from functions, or a context with `get_context(...)` is harmless; so is `set_start_method(..., force=True)` or one inside `try/except RuntimeError`, and anything under the fork start method (no re-import). A call at module level of a function of the same file that starts processes (an unguarded `main()`) is reported at the call. A package\'s `__main__.py` is not reported: multiprocessing does not re-run it in children (see `multiprocessing/spawn.py`). Reported in test code too: a test module is imported in every worker whose task function lives in it.',
    bad: 'import multiprocessing as mp\n\ndef detect(path):\n    ...\n\npool = mp.Pool(4)\nresults = pool.map(detect, ["a.jpg", "b.jpg"])\n',
    good: 'import multiprocessing as mp\n\ndef detect(path):\n    ...\n\nif __name__ == "__main__":\n    with mp.Pool(4) as pool:\n        results = pool.map(detect, ["a.jpg", "b.jpg"])\n'
  },
  callees: ["start", "*Pool", "ProcessPoolExecutor", "spawn", "start_processes", "set_start_method", "Manager", "SharedMemoryManager", "SyncManager"],
  options: external_exports.object({}).strict(),
  messages: {
    start: '`{{what}}` runs when this module is imported: under spawn/forkserver (macOS, Windows, Linux from Python 3.14) each child re-imports it and fails starting processes during bootstrap; move it under `if __name__ == "__main__":`',
    setStartMethod: '`{{what}}` runs again when a spawned child re-imports this module and raises "context has already been set"; call it under `if __name__ == "__main__":` (or pass `force=True`)',
    spawn: '`{{what}}` runs when this module is imported, and its children (always spawned) re-import the module and run it again; move it under `if __name__ == "__main__":`',
    calls: '`{{what}}()` runs when this module is imported and {{effect}} (`{{start}}`, line {{line}}): under spawn/forkserver each child re-imports the module and runs it again, which fails during bootstrap; call it under `if __name__ == "__main__":`'
  },
  create(ctx) {
    const { model } = ctx;
    const isPackageMain = /(?:^|\/)__main__\.py$/.test(ctx.file.path);
    let hosted;
    const isHostedModule = () => hosted ??= [...model.moduleImports.values()].some((q) => q === "streamlit" || q.startsWith("streamlit.")) || (model.moduleValueText("app") !== null || model.moduleValueText("application") !== null) && !/__name__\s*==|==\s*__name__/.test(ctx.file.source);
    const runsCodeOfThisFile = (receiver, ancestors) => model.processOrigins(receiver, ancestors).some((o) => o === model.file.module || o.startsWith(`${model.file.module}.`));
    let forkDefault;
    const defaultIsFork = () => forkDefault ??= model.execution.startMethods.at(-1) === "fork";
    const forked = (construction, ancestors) => {
      const method = model.execution.startMethodOf(construction, ancestors);
      return method === "fork" || method === "default" && defaultIsFork();
    };
    const receiverClass = (receiver, ancestors) => {
      for (const { call, scope } of model.constructionsOf(receiver, ancestors)) {
        const q = model.calleeName(call, scope);
        if (q) return q;
      }
      return null;
    };
    const shortText = (node) => {
      const text = node.text.replace(/\s+/g, " ");
      if (text.length <= 50) return text;
      const fn = node.childForFieldName("function");
      return fn ? `${fn.text.replace(/\s+/g, "")}(...)` : "call";
    };
    const inWithItem = (node) => {
      const parent = node.parent;
      return parent?.type === "with_item" || parent?.type === "as_pattern" && parent.parent?.type === "with_item";
    };
    const executorUsedAtModuleLevel = (node) => {
      if (inWithItem(node)) return true;
      const parent = node.parent;
      if (parent?.type !== "assignment") return false;
      const target = parent.childForFieldName("left");
      if (target?.type !== "identifier") return false;
      const use = new RegExp(`\\b${target.text}\\s*\\.\\s*(?:submit|map)\\s*\\(`, "g");
      for (let m = use.exec(ctx.file.source); m !== null; m = use.exec(ctx.file.source)) {
        let n = parent.tree.rootNode.descendantForIndex(m.index);
        let nested = false;
        for (; n; n = n.parent) if (SCOPES.has(n.type)) nested = true;
        if (!nested) return true;
      }
      return false;
    };
    const starts = (node, ancestors, moduleLevel) => {
      const callee = model.calleeName(node, ancestors);
      const method = model.methodCall(node);
      if (callee !== null && SET_START_METHOD.has(callee)) {
        const name = stringValue(argument(node, "method", 0));
        if (name === "fork" || argument(node, "force", 1)?.type === "true") return null;
        if (inTryCatchingRuntimeError(ancestors, node.startIndex) || underStartMethodCheck(ancestors)) return null;
        return { what: shortText(node), kind: "set-start-method" };
      }
      if (callee !== null && SPAWNERS.has(callee)) return { what: shortText(node), kind: "spawn" };
      if (callee !== null && MANAGER_FUNCTIONS.has(callee)) return defaultIsFork() ? null : { what: shortText(node), kind: "start" };
      if (callee !== null && (POOLS.has(callee) || model.classByQname(callee) !== void 0 && model.inheritsFrom(callee, POOLS))) {
        return forked(node, ancestors) ? null : { what: shortText(node), kind: "start" };
      }
      if (callee !== null && EXECUTORS.has(callee)) {
        if (moduleLevel && !executorUsedAtModuleLevel(node)) return null;
        const context = argument(node, "mp_context", 2);
        const named = context ? model.execution.contextStartMethod(context, ancestors) : "default";
        if (named === "fork" || named === "default" && defaultIsFork()) return null;
        return { what: shortText(node), kind: "start" };
      }
      if (callee !== null && MANAGER_CLASSES.has(callee)) return inWithItem(node) ? { what: shortText(node), kind: "start" } : null;
      if (!method) return null;
      if ((method.method === "Pool" || method.method === "Manager") && model.kindOf(method.receiver, ancestors) === "mp-context") {
        const named = model.execution.contextStartMethod(method.receiver, ancestors);
        if (named === "fork" || named === "default" && defaultIsFork()) return null;
        return { what: shortText(node), kind: "start" };
      }
      if (method.method !== "start" || (node.childForFieldName("arguments")?.namedChildCount ?? 0) > 0) return null;
      const receiver = method.receiver;
      const what = `${method.receiverText.length > 40 ? "process" : method.receiverText.replace(/\s+/g, " ")}.start()`;
      const kind = model.kindOf(receiver, ancestors);
      if (kind === "process") {
        const built = model.constructionsOf(receiver, ancestors);
        if (built.length > 0 && built.every(({ call, scope }) => forked(call, scope))) return null;
        if (built.length === 0 && defaultIsFork()) return null;
        return { what, kind: "start" };
      }
      if (kind !== null) return null;
      const cls = receiverClass(receiver, ancestors);
      if (cls !== null && (MANAGER_CLASSES.has(cls) || model.classByQname(cls) !== void 0 && model.inheritsFrom(cls, MANAGER_CLASSES))) {
        return { what, kind: "start" };
      }
      return model.processOrigins(receiver, ancestors).some((o) => !model.classByQname(o)) ? "deferred" : null;
    };
    const messageId = (kind) => kind === "set-start-method" ? "setStartMethod" : kind === "spawn" ? "spawn" : "start";
    let calledFunctionsChecked = false;
    return {
      call(node) {
        if (isPackageMain) return;
        const ancestors = ctx.ancestors;
        if (!atModuleLevel(ancestors)) {
          if (!calledFunctionsChecked && !isHostedModule() && starts(node, ancestors, false) !== null) {
            calledFunctionsChecked = true;
            reportUnguardedCalls(model, starts, (call, data) => ctx.report({ node: call, messageId: "calls", data }));
          }
          return;
        }
        if (guardedAt(ancestors, node.startIndex)) return;
        const found = starts(node, ancestors, true);
        if (found === null) return;
        if (isHostedModule()) {
          const method = model.methodCall(node);
          if (found === "deferred" || method?.method !== "start" || !runsCodeOfThisFile(method.receiver, ancestors)) return;
        }
        if (found === "deferred") {
          const receiver = model.methodCall(node).receiver;
          const candidate = { origins: model.processOrigins(receiver, ancestors), what: `${receiver.text.replace(/\s+/g, " ").slice(0, 40)}.start()`, location: ctx.locate(node) };
          ctx.record(candidate);
          return;
        }
        ctx.report({ node, messageId: messageId(found.kind), data: { what: found.what } });
      }
    };
  },
  project(ctx) {
    const { index } = ctx;
    for (const { path: path2, data } of ctx.records()) {
      const c = data;
      if (!c.origins.some((o) => index.ancestors(o).some((a) => PROCESS_CLASSES.has(a)))) continue;
      ctx.report({ path: path2, location: c.location, messageId: "start", data: { what: c.what } });
    }
  }
});
function moduleLevelStatements(root) {
  const out = [];
  const pending = [...root.namedChildren].filter((n) => n !== null).reverse();
  while (pending.length > 0) {
    const stmt = pending.pop();
    switch (stmt.type) {
      case "function_definition":
      case "class_definition":
      case "decorated_definition":
      case "comment":
        break;
      case "if_statement": {
        const kind = guardKind(stmt.childForFieldName("condition"));
        const branches = [];
        if (kind !== "main") branches.push(stmt.childForFieldName("consequence"));
        for (const alt of stmt.childrenForFieldName("alternative")) {
          if (!alt) continue;
          if (alt.type === "else_clause" && kind === "not-main") continue;
          if (alt.type === "elif_clause" && guardKind(alt.childForFieldName("condition")) === "main") continue;
          branches.push(alt.childForFieldName("body") ?? alt.childForFieldName("consequence") ?? alt);
        }
        const cond = stmt.childForFieldName("condition");
        if (cond) out.push(cond);
        for (const b of branches.reverse()) if (b) pending.push(...[...b.namedChildren].filter((n) => n !== null).reverse());
        break;
      }
      case "block":
      case "try_statement":
      case "with_statement":
      case "for_statement":
      case "while_statement":
      case "else_clause":
      case "except_clause":
      case "finally_clause":
      case "elif_clause": {
        for (const child of [...stmt.namedChildren].reverse()) {
          if (!child) continue;
          if (child.type === "block" || child.type.endsWith("_clause")) pending.push(child);
          else out.push(child);
        }
        break;
      }
      default:
        out.push(stmt);
    }
  }
  return out;
}
function reportUnguardedCalls(model, starts, report) {
  const byQname = new Map(model.functions.map((f) => [f.qname, f]));
  const memo = /* @__PURE__ */ new Map();
  const startOf = (qname, depth) => {
    if (memo.has(qname)) return memo.get(qname);
    memo.set(qname, null);
    const fn = byQname.get(qname);
    let found = null;
    if (fn) {
      model.flow.forEachCall(fn.capture.node, (call, ancestors) => {
        if (found) return;
        const s = starts(call, ancestors, false);
        if (s !== null && s !== "deferred") {
          found = { start: s.what, line: call.startPosition.row + 1, effect: s.kind === "set-start-method" ? "sets the start method" : "starts processes" };
          return;
        }
        if (depth >= 3) return;
        const callee = model.calleeName(call, ancestors);
        if (callee && byQname.has(callee)) found = startOf(callee, depth + 1);
      });
    }
    memo.set(qname, found);
    return found;
  };
  const root = model.functions[0]?.capture.node.tree.rootNode;
  if (!root) return;
  for (const stmt of moduleLevelStatements(root)) {
    const calls = stmt.type === "call" ? [stmt] : [];
    for (const c of stmt.descendantsOfType("call")) if (c && c.id !== stmt.id) calls.push(c);
    for (const call of calls) {
      let inLambda = false;
      for (let n = call.parent; n && n.id !== stmt.id; n = n.parent) if (n.type === "lambda") inLambda = true;
      if (inLambda) continue;
      const callee = model.calleeName(call, []);
      if (!callee || !byQname.has(callee)) continue;
      const found = startOf(callee, 1);
      if (found) report(call, { what: model.calleeParts(call)?.join(".") ?? callee.split(".").pop(), start: found.start, line: found.line, effect: found.effect });
    }
  }
}

// rules/python-async-specialist/producer-without-poison-pill.ts
var producer_without_poison_pill_exports = {};
__export(producer_without_poison_pill_exports, {
  default: () => producer_without_poison_pill_default
});
var QUEUE_KINDS2 = /* @__PURE__ */ new Set(["queue", "simple-queue"]);
var producer_without_poison_pill_default = defineRule({
  code: "PTL104",
  name: "producer-without-poison-pill",
  agent: "python-async-specialist",
  severity: "warning",
  enabledByDefault: true,
  docs: {
    summary: "A process that produces into a queue in a loop never tells its consumers to stop.",
    why: 'Consumers of a queue cannot tell "the producer is slow" from "the producer is gone". When a producer process (a `Process` target, or `run()` of a `Process` subclass) finishes or is asked to stop without sending a shutdown message, its consumers block on `get()` forever and the pipeline never drains: results are lost and `join()` hangs. Send a poison pill (None or a sentinel, one per consumer) after the loop, or set a shared shutdown Event the consumers watch.',
    bad: "import multiprocessing as mp\n\ndef capture(frames: mp.Queue, camera) -> None:\n    for frame in camera:\n        frames.put(frame)\n\nmp.Process(target=capture, args=(mp.Queue(), cam)).start()\n",
    good: "import multiprocessing as mp\n\nSHUTDOWN = None\n\ndef capture(frames: mp.Queue, camera) -> None:\n    for frame in camera:\n        frames.put(frame)\n    frames.put(SHUTDOWN)\n\nmp.Process(target=capture, args=(mp.Queue(), cam)).start()\n"
  },
  options: external_exports.object({
    "queue-name-pattern": queueNamePatternOption,
    "event-name-pattern": patternOption(
      "(?:^|_)(?:stop|shutdown|done|exit|quit|event|evt|finished|terminate)(?:_|$)",
      "names of objects whose `.set()` counts as signalling shutdown when nothing else says what they are"
    )
  }).strict(),
  messages: {
    noPill: "process entry point `{{name}}` puts to a queue in a loop but never sends a shutdown message (None or a sentinel) nor sets a shutdown Event: its consumers will block forever once it stops"
  },
  create(ctx) {
    const hints = { queue: regex(ctx.options["queue-name-pattern"]), event: regex(ctx.options["event-name-pattern"]) };
    const functions = /* @__PURE__ */ new Map();
    const current = () => {
      const fn = innermost(ctx.ancestors, "function_definition");
      return fn ? functions.get(fn.node.id) : void 0;
    };
    const insideLoopOfFunction = () => {
      for (let i = ctx.ancestors.length - 1; i >= 0; i--) {
        const a = ctx.ancestors[i];
        if (a.type === "function_definition" || a.type === "lambda" || a.type === "class_definition") return false;
        if (LOOP_TYPES.has(a.type)) return true;
      }
      return false;
    };
    return {
      function_definition(node) {
        functions.set(node.id, { node, putsInLoop: false, signalsShutdown: false });
      },
      "function_definition:exit"(node) {
        const state = functions.get(node.id);
        if (!state || !state.putsInLoop || state.signalsShutdown) return;
        const nameNode = node.childForFieldName("name");
        if (!nameNode) return;
        const cls = innermost(ctx.ancestors, "class_definition");
        const directMethod = ctx.ancestors[ctx.ancestors.length - 1]?.type === "class_definition";
        const candidate = {
          qname: ctx.model.definitionQname(node, ctx.ancestors),
          name: nameNode.text,
          owner: cls && directMethod ? ctx.model.definitionQname(cls.node, ctx.ancestors.slice(0, -1)) : null,
          location: ctx.locate(nameNode)
        };
        ctx.record(candidate);
      },
      call(node) {
        const call = ctx.model.methodCall(node);
        if (!call) return;
        const state = current();
        if (!state) return;
        if (call.method === "put" || call.method === "put_nowait") {
          const message = positionalArguments(node)[0] ?? argument(node, "obj") ?? argument(node, "item");
          if (!message) return;
          if (!QUEUE_KINDS2.has(ctx.model.kindOf(call.receiver, ctx.ancestors, hints) ?? "")) return;
          if (isShutdownMessage(message)) state.signalsShutdown = true;
          else if (insideLoopOfFunction()) state.putsInLoop = true;
        } else if (call.method === "set" && positionalArguments(node).length === 0) {
          if (ctx.model.kindOf(call.receiver, ctx.ancestors, hints) === "event") state.signalsShutdown = true;
        }
      }
    };
  },
  project(ctx) {
    for (const { path: path2, data } of ctx.records()) {
      const c = data;
      const isTarget = ctx.index.isProcessTarget(c.qname);
      const isRun = c.name === "run" && c.owner !== null && ctx.index.ancestors(c.owner).some((a) => PROCESS_CLASSES.has(a));
      if (isTarget || isRun) ctx.report({ path: path2, location: c.location, messageId: "noPill", data: { name: c.name } });
    }
  }
});

// rules/python-async-specialist/queue-get-without-timeout.ts
var queue_get_without_timeout_exports = {};
__export(queue_get_without_timeout_exports, {
  default: () => queue_get_without_timeout_default
});

// src/engine/edits.ts
function appendArgument(call, argument2, source) {
  const args = call.childForFieldName("arguments");
  if (!args || args.type !== "argument_list") return void 0;
  const children = args.children.filter((n) => n !== null);
  let i = children.length - 1;
  while (i >= 0 && !(children[i].isNamed && children[i].type !== "comment")) i--;
  const last = children[i];
  if (!last) return { start: args.startIndex + 1, end: args.startIndex + 1, text: argument2 };
  const comma = children[i + 1]?.type === "," ? children[i + 1] : null;
  const closing = children[children.length - 1];
  if (comma && closing && closing.type === ")" && closing.startPosition.row > comma.endPosition.row) {
    const lineStart = source.lastIndexOf("\n", last.startIndex - 1) + 1;
    const indent = source.slice(lineStart, last.startIndex);
    if (/^[ \t]*$/.test(indent)) {
      const eol = source.slice(lineStart - 2, lineStart) === "\r\n" ? "\r\n" : "\n";
      return { start: comma.endIndex, end: comma.endIndex, text: `${eol}${indent}${argument2},` };
    }
  }
  return { start: last.endIndex, end: last.endIndex, text: `, ${argument2}` };
}

// rules/python-async-specialist/queue-get-without-timeout.ts
function seconds(n) {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}
function addTimeout(call, timeout, value, source) {
  const literal = seconds(value);
  const title = `Pass \`timeout=${literal}\` (unsafe: \`get\` then raises \`queue.Empty\` after ${literal} s; the caller must handle \`queue.Empty\`)`;
  if (timeout) return { title, applicability: "unsafe", edits: [{ start: timeout.startIndex, end: timeout.endIndex, text: literal }] };
  const edit = appendArgument(call, `timeout=${literal}`, source);
  return edit ? { title, applicability: "unsafe", edits: [edit] } : void 0;
}
var queue_get_without_timeout_default = defineRule({
  code: "PTL102",
  name: "queue-get-without-timeout",
  agent: "python-async-specialist",
  severity: "warning",
  enabledByDefault: true,
  docs: {
    summary: "A blocking `queue.get()` without a timeout can hang its process forever.",
    why: "When the producer dies, stalls or forgets to send a shutdown message, a `get()` without a timeout blocks forever: the worker cannot notice a shutdown Event, cannot report health, and `join()` on it hangs the whole pipeline. With `get(timeout=...)` the loop wakes up regularly, handles `queue.Empty`, and can check whether it should stop. `multiprocessing.SimpleQueue.get()` cannot time out at all. A `get` that cannot wait forever is not reported: on a queue this function created and filled on its own thread just before (`q.put(x)`, or a call it handed the queue to), inside `while not q.empty():` or after `if q.empty(): continue`, after the producers were joined (a drain), and in a test bounded by `@pytest.mark.timeout`. In tests it is otherwise reported: a hung `get` hangs CI.",
    bad: "import multiprocessing as mp\n\ndef consume(frames: mp.Queue) -> None:\n    frame = frames.get()\n    handle(frame)\n",
    good: "import multiprocessing as mp\nimport queue\n\ndef consume(frames: mp.Queue, stop) -> None:\n    while not stop.is_set():\n        try:\n            frame = frames.get(timeout=0.5)\n        except queue.Empty:\n            continue\n        handle(frame)\n"
  },
  fixable: "unsafe",
  options: external_exports.object({
    "queue-name-pattern": queueNamePatternOption,
    "fix-timeout": external_exports.number().positive().max(3600).default(1).describe("seconds the fix passes as `timeout=`: how long a consumer waits before it can check whether to stop")
  }).strict(),
  messages: {
    noTimeout: "`{{receiver}}.get()` blocks forever if the producer stops; pass `timeout=` and handle `queue.Empty`",
    simpleQueue: "`{{receiver}}.get()` on a multiprocessing SimpleQueue blocks forever and cannot take a timeout; use a `multiprocessing.Queue` with `get(timeout=...)`"
  },
  create(ctx) {
    const hints = { queue: regex(ctx.options["queue-name-pattern"]) };
    const { flow } = ctx.model;
    const cannotHang = (node, receiver, receiverText) => flow.filledOnThisThreadBefore(receiver, node.startIndex, ctx.ancestors) || flow.guardedByItems(receiverText, node.startIndex, ctx.ancestors) || flow.producersJoinedBefore(node.startIndex, ctx.ancestors) || inTimedTest(ctx.model, ctx.ancestors);
    return {
      call(node) {
        const call = ctx.model.methodCall(node);
        if (!call || call.method !== "get" || hasSplat(node)) return;
        if (ctx.model.isAwaited(node)) return;
        const positional2 = positionalArguments(node);
        if (positional2.some((a) => a.type === "string" || a.type === "concatenated_string")) return;
        const block = argument(node, "block", 0);
        const timeout = argument(node, "timeout", 1);
        if (block && !isTruthyLiteral(block)) return;
        if (timeout && timeout.type !== "none") return;
        const kind = ctx.model.kindOf(call.receiver, ctx.ancestors, hints);
        if (!SYNC_QUEUE_KINDS.has(kind)) return;
        if (cannotHang(node, call.receiver, call.receiverText)) return;
        const receiver = call.receiverText.length > 40 ? "queue" : call.receiverText;
        if (kind === "simple-queue") {
          ctx.report({ node, messageId: "simpleQueue", data: { receiver } });
          return;
        }
        ctx.report({ node, messageId: "noTimeout", data: { receiver }, fix: addTimeout(node, timeout, ctx.options["fix-timeout"], ctx.file.source) });
      }
    };
  }
});

// rules/python-async-specialist/shared-memory-never-unlinked.ts
var shared_memory_never_unlinked_exports = {};
__export(shared_memory_never_unlinked_exports, {
  default: () => shared_memory_never_unlinked_default
});
import { posix } from "node:path";
var SHARED_MEMORY = "multiprocessing.shared_memory.SharedMemory";
var SHAREABLE_LIST = "multiprocessing.shared_memory.ShareableList";
var SHARED_MEMORY_CLASSES = /* @__PURE__ */ new Set([SHARED_MEMORY]);
var shared_memory_never_unlinked_default = defineRule({
  code: "PTL108",
  name: "shared-memory-never-unlinked",
  agent: "python-async-specialist",
  severity: "warning",
  enabledByDefault: true,
  testCode: "ignore",
  docs: {
    summary: "A `SharedMemory(create=True, ...)` segment that nothing in the file ever `.unlink()`s.",
    why: 'A POSIX shared memory segment is a file in /dev/shm (RAM): `close()` (and garbage collection) only unmaps it, and it is freed only when some process calls `unlink()`. A segment nobody unlinks stays until the resource tracker removes it at interpreter exit, with a "leaked shared_memory objects" warning \u2014 in a long-running service that creates a segment per frame or request, /dev/shm fills up and the container runs out of memory; with `track=False` (or a subclass that skips the tracker) it stays until reboot. The creator should `unlink()` it once every process is done with it, in a `finally` or in the owner\'s `close()`/`__exit__`. Any `.unlink()` in the file on the handle, on the `self` attribute or container it was stored in (`for s in self.segments.values(): s.unlink()`) counts, as does handing the handle on (returned, passed to a call): ownership moves there. A segment created under an explicit `name=`, or whose `.name` is handed on (queued, returned, stored), is also accepted when related code (the same file or package, or a module one of them imports from the other) unlinks segments it attaches to by name. Attaching (`create` absent or False), `SharedMemoryManager` segments and a non-literal `create=` are not reported; neither is test code, whose short-lived process the resource tracker cleans up after.',
    bad: "from multiprocessing import shared_memory\nimport numpy as np\n\ndef publish(frame, out_q):\n    shm = shared_memory.SharedMemory(create=True, size=frame.nbytes)\n    np.ndarray(frame.shape, frame.dtype, buffer=shm.buf)[:] = frame\n    out_q.put(shm.name)\n    shm.close()\n",
    good: "from multiprocessing import shared_memory\nimport numpy as np\n\ndef publish(frame, out_q, done):\n    shm = shared_memory.SharedMemory(create=True, size=frame.nbytes)\n    try:\n        np.ndarray(frame.shape, frame.dtype, buffer=shm.buf)[:] = frame\n        out_q.put(shm.name)\n        done.wait()\n    finally:\n        shm.close()\n        shm.unlink()\n"
  },
  options: external_exports.object({}).strict(),
  messages: {
    held: "`{{handle}}` holds a shared memory segment created here that nothing in this file `.unlink()`s: {{lifetime}}; unlink it in a `finally` or in the owner's `close()`/`__exit__`",
    dropped: "this `{{callee}}(create=True, ...)` segment is never `.unlink()`ed and its handle is dropped: {{lifetime}}; keep the handle and unlink it when every process is done with it"
  },
  create(ctx) {
    const { model } = ctx;
    let byNameRecorded = false;
    const familyOf = (qname) => {
      if (qname === null) return null;
      if (qname === SHARED_MEMORY) return { list: false, origin: null };
      if (qname === SHAREABLE_LIST) return { list: true, origin: null };
      if (model.classByQname(qname)) return model.inheritsFrom(qname, SHARED_MEMORY_CLASSES) ? { list: false, origin: null } : null;
      const last = qname.slice(qname.lastIndexOf(".") + 1);
      if (last.endsWith("SharedMemory") && !qname.startsWith("multiprocessing.")) return { list: false, origin: qname };
      return null;
    };
    const creates = (call, list) => {
      if (list) {
        const sequence = argument(call, "sequence", 0);
        return argument(call, "name") === null || sequence !== null && sequence.type !== "none";
      }
      return argument(call, "create", 1)?.type === "true";
    };
    const attaches = (call) => {
      const family = familyOf(model.qualifiedName(call.childForFieldName("function") ?? call, []) ?? null);
      return family !== null && !creates(call, family.list);
    };
    const fileUnlinks = (anyNode) => {
      const found = model.resources.releasesOf("unlink", anyNode, attaches);
      return { ...found, byName: found.attached || /\bshm_unlink\s*\(/.test(ctx.file.source) };
    };
    const mentions = /SharedMemory|ShareableList|shared_memory/.test(ctx.file.source);
    let subclassNames;
    const mayCreate = (node) => {
      subclassNames ??= new Set(model.classes.filter((c) => model.inheritsFrom(c.qname, SHARED_MEMORY_CLASSES)).map((c) => c.name));
      return model.calleeLastNames(node).some((n) => n.endsWith("SharedMemory") || n === "ShareableList" || subclassNames.has(n));
    };
    return {
      call(node) {
        if (!mentions || !mayCreate(node)) return;
        const qname = model.calleeName(node, ctx.ancestors);
        const family = familyOf(qname);
        if (!family) return;
        if (!byNameRecorded && fileUnlinks(node).byName) {
          byNameRecorded = true;
          const fact = { kind: "by-name", test: ctx.file.isTest };
          ctx.record(fact);
        }
        if (!creates(node, family.list)) return;
        const flow = model.resources.flowOf(node, "unlink");
        if (flow.escapes) return;
        const unlinks = fileUnlinks(node);
        if (model.resources.isReleased(flow, unlinks)) return;
        const unlinked = unlinks.roots;
        if (qname !== null && [...unlinked].some((r) => r.startsWith("c:") && (r === `c:${qname}` || model.inheritsFrom(qname, /* @__PURE__ */ new Set([r.slice(2)]))))) return;
        const explicitName = family.list ? argument(node, "name") !== null : (argument(node, "name", 0) ?? { type: "none" }).type !== "none";
        const named = explicitName || flow.nameShared;
        const candidate = {
          kind: "candidate",
          origin: family.origin,
          named,
          handle: model.resources.handleText(node, flow),
          callee: model.calleeParts(node)?.join(".") ?? (family.list ? "ShareableList" : "SharedMemory"),
          untracked: argument(node, "track")?.type === "false",
          location: ctx.locate(node)
        };
        ctx.record(candidate);
      }
    };
  },
  project(ctx) {
    const { index } = ctx;
    const records = ctx.records();
    const files = new Map(index.files.map((f) => [f.path, f]));
    const unlinkers = records.filter(({ data }) => data.kind === "by-name").map(({ path: path2, data }) => ({ path: path2, test: data.test }));
    const related = (a, b) => {
      if (a === b || posix.dirname(a) === posix.dirname(b)) return true;
      const fa = files.get(a);
      const fb = files.get(b);
      if (!fa || !fb) return false;
      const imports = (from, to) => Object.values(from.imports).some((q) => q === to.module || q.startsWith(`${to.module}.`));
      return imports(fa, fb) || imports(fb, fa);
    };
    for (const { path: path2, data } of records) {
      const c = data;
      if (c.kind !== "candidate") continue;
      if (c.origin !== null && !index.ancestors(c.origin).includes(SHARED_MEMORY)) continue;
      if (c.named && unlinkers.some((u) => (u.path === path2 || !u.test) && related(path2, u.path))) continue;
      const lifetime = c.untracked ? "with `track=False` the resource tracker never removes it, so it stays in /dev/shm (RAM) until reboot" : "it stays in /dev/shm (RAM) after its users are done, until the resource tracker removes it at interpreter exit with a leak warning (for good with `track=False` or when the tracker is killed)";
      if (c.handle === null) ctx.report({ path: path2, location: c.location, messageId: "dropped", data: { callee: c.callee, lifetime } });
      else ctx.report({ path: path2, location: c.location, messageId: "held", data: { handle: c.handle, lifetime } });
    }
  }
});

// rules/python-async-specialist/terminate-for-shutdown.ts
var terminate_for_shutdown_exports = {};
__export(terminate_for_shutdown_exports, {
  default: () => terminate_for_shutdown_default
});
var GUARDS = /* @__PURE__ */ new Set(["if_statement", "elif_clause", "while_statement"]);
var terminate_for_shutdown_default = defineRule({
  code: "PTL105",
  name: "terminate-for-shutdown",
  agent: "python-async-specialist",
  severity: "warning",
  enabledByDefault: true,
  testCode: "ignore",
  docs: {
    summary: "`Process.terminate()`/`.kill()` used as the normal way to stop a worker.",
    why: "`terminate()` sends SIGTERM (`kill()` SIGKILL): the worker dies wherever it is \u2014 mid-frame, holding a queue's internal lock, with buffered results unflushed and CUDA memory not released. Queues shared with a terminated process can be left corrupted. Stop workers gracefully (a poison pill or a shutdown Event), `join(timeout)`, and keep `terminate()` as the fallback for a worker that is still alive. A `terminate()`/`kill()` inside an `except`, under an `is_alive()` check, or after a `terminate()` of the same process in the same function (escalation to SIGKILL) is such a fallback and is not reported.",
    bad: "import multiprocessing as mp\n\nworker = mp.Process(target=detect, args=(frames,))\nworker.start()\n...\nworker.terminate()\n",
    good: "import multiprocessing as mp\n\nworker = mp.Process(target=detect, args=(frames,))\nworker.start()\n...\nframes.put(None)  # poison pill\nworker.join(timeout=5)\nif worker.is_alive():\n    worker.terminate()\n"
  },
  options: external_exports.object({
    "process-name-pattern": patternOption(
      "^(?:p|proc|process|\\w+_proc|\\w+_process)$",
      "names taken to be processes when nothing else says what they are"
    ),
    "processes-name-pattern": patternOption(
      "^(?:procs|processes|workers|\\w+_procs|\\w+_processes|\\w+_workers)$",
      "names taken to be collections of processes when nothing else says what they are"
    )
  }).strict(),
  messages: {
    terminate: "`{{receiver}}.{{method}}()` kills the process wherever it is (mid-frame, holding queue locks); stop it with a poison pill or shutdown Event and `join(timeout)`, keeping `{{method}}()` for `if {{receiver}}.is_alive():` afterwards"
  },
  create(ctx) {
    let hints;
    const nameHints = () => {
      const usesMultiprocessing = [...ctx.model.moduleImports.values()].some(
        (q) => /^(?:torch\.)?multiprocessing(?:\.(?:context\.)?(?:Process|get_context))?$/.test(q)
      );
      return hints ??= usesMultiprocessing ? { process: regex(ctx.options["process-name-pattern"]), processes: regex(ctx.options["processes-name-pattern"]) } : {};
    };
    const alreadyStopping = /* @__PURE__ */ new Set();
    const scopeKey = (receiver) => `${enclosingFunction(ctx.ancestors)?.node.id ?? 0}:${receiver}`;
    const fallback = (node) => {
      let alive = false;
      for (let i = ctx.ancestors.length - 1; i >= 0; i--) {
        const a = ctx.ancestors[i];
        if (a.type === "function_definition" || a.type === "lambda") break;
        if (a.type === "except_clause") return "error";
        if (GUARDS.has(a.type) && a.node.childForFieldName("condition")?.text.includes("is_alive")) alive = true;
      }
      if (ctx.model.flow.followedByRaise(node)) return "error";
      return alive ? "alive" : null;
    };
    return {
      call(node) {
        const call = ctx.model.methodCall(node);
        if (!call || call.method !== "terminate" && call.method !== "kill" || positionalArguments(node).length > 0) return;
        const fn = enclosingFunction(ctx.ancestors);
        if (fn?.type === "function_definition" && ctx.model.nameOf(fn.node) === call.method) return;
        const key = scopeKey(call.receiverText);
        if (alreadyStopping.has(key)) return;
        const path2 = fallback(node);
        if (path2 === "error") return;
        alreadyStopping.add(key);
        if (path2 === "alive") return;
        const receiver = call.receiverText.length > 40 ? "process" : call.receiverText;
        const kind = ctx.model.kindOf(call.receiver, ctx.ancestors, nameHints());
        const origins = ctx.model.processOrigins(call.receiver, ctx.ancestors);
        if (kind === "process" || kind === null) {
          if (kind === null && !origins.some((o) => !ctx.model.classByQname(o))) return;
          const candidate = { origins, known: kind === "process", receiver, method: call.method, location: ctx.locate(node) };
          ctx.record(candidate);
        }
      }
    };
  },
  project(ctx) {
    const { index } = ctx;
    const handlesSigterm = (origin) => index.reaches(index.classByQname(origin) ? `${origin}.run` : origin, (facts) => facts.sigterm === true);
    for (const { path: path2, data } of ctx.records()) {
      const c = data;
      if (!c.known && !c.origins.some((o) => index.ancestors(o).some((a) => PROCESS_CLASSES.has(a)))) continue;
      if (c.method === "terminate" && c.origins.some(handlesSigterm)) continue;
      ctx.report({ path: path2, location: c.location, messageId: "terminate", data: { receiver: c.receiver, method: c.method } });
    }
  }
});

// rules/python-async-specialist/unbounded-frame-queue.ts
var unbounded_frame_queue_exports = {};
__export(unbounded_frame_queue_exports, {
  default: () => unbounded_frame_queue_default
});
var UNBOUNDED_KINDS = /* @__PURE__ */ new Set(["queue", "simple-queue"]);
var unbounded_frame_queue_default = defineRule({
  code: "PTL406",
  name: "unbounded-frame-queue",
  agent: "python-async-specialist",
  severity: "warning",
  enabledByDefault: true,
  testCode: "ignore",
  docs: {
    summary: "A queue without `maxsize` is filled by a producer loop that never waits: a fast camera fills memory.",
    why: "A capture loop puts frames as fast as the camera delivers them; the detector takes them as fast as the GPU allows. When the consumer is slower (a bigger model, a second camera, a GC pause), an unbounded queue grows by a 6 MB frame 30 times a second until the process is killed, and the frames it does deliver are seconds stale. Give the queue a `maxsize` and decide what a full queue means: block (`put(timeout=...)`) or drop the oldest frame. Reported at the queue: built without a positive `maxsize` and handed to a thread or process target whose `while` loop puts to it without waiting on a `get` (a worker that takes one item and puts one result is paced by its input). Owned by the async specialist: back-pressure is a property of the pipeline. Not reported in test code, whose producers stop after a few items.",
    bad: "import multiprocessing as mp\n\ndef capture(url, frames):\n    cap = cv2.VideoCapture(url)\n    while True:\n        ok, frame = cap.read()\n        if ok:\n            frames.put(frame)\n\nframes = mp.Queue()\nmp.Process(target=capture, args=(URL, frames)).start()\n",
    good: "import multiprocessing as mp\n\ndef capture(url, frames):\n    ...\n\nframes = mp.Queue(maxsize=8)\nmp.Process(target=capture, args=(URL, frames)).start()\n"
  },
  callees: ["*Process", "*Thread"],
  options: external_exports.object({}).strict(),
  messages: {
    unbounded: "`{{queue}}` has no `maxsize` and `{{target}}()` puts to it in a loop that never waits: a producer faster than its consumer fills memory; give it a `maxsize`"
  },
  create(ctx) {
    const { model } = ctx;
    const unboundedCall = (built) => {
      if (built.length !== 1) return null;
      const { call, scope } = built[0];
      if (!UNBOUNDED_KINDS.has(model.kindOf(call, scope) ?? "")) return null;
      const maxsize = argument(call, "maxsize", 0);
      if (!maxsize) return call;
      return /^(?:0|-\s*\d+|None)$/.test(maxsize.text.trim()) ? call : null;
    };
    const unboundedQueue = (node) => node.type === "identifier" || node.type === "attribute" ? unboundedCall(model.constructionsOf(node, ctx.ancestors)) : null;
    return {
      call(node) {
        if (!model.mayConstructWorker(node)) return;
        const kind = model.kindOf(node, ctx.ancestors);
        if (kind !== "process" && kind !== "thread") return;
        const handed = model.targetArguments(node, ctx.ancestors);
        if (!handed) return;
        const { target, qname } = handed;
        const record = (queue, slot, built) => {
          const text = typeof slot === "string" ? slot : queue.text;
          const candidate = { target: qname, slot, queue: text.length > 40 ? "queue" : text, location: ctx.locate(built) };
          ctx.record(candidate);
        };
        for (const { item, slot } of handed.args) {
          const built = unboundedQueue(item);
          if (built) record(item, slot, built);
        }
        if (target.type === "attribute") {
          const object = target.childForFieldName("object");
          for (const attr of object ? model.selfAttributeValues(object.text, ctx.ancestors) : []) {
            const built = unboundedCall(attr.values);
            if (built) record(built, `self.${attr.name}`, built);
          }
        }
      }
    };
  },
  project(ctx) {
    const seen = /* @__PURE__ */ new Set();
    for (const { path: path2, data } of ctx.records()) {
      const c = data;
      const puts = ctx.index.functionsCalledAs(c.target).some((fn) => ctx.index.functionFacts(fn)?.loopPuts?.includes(c.slot));
      const key = `${path2}:${c.location.line}:${c.location.column}`;
      if (!puts || seen.has(key)) continue;
      seen.add(key);
      ctx.report({ path: path2, location: c.location, messageId: "unbounded", data: { queue: c.queue, target: c.target.split(".").pop() } });
    }
  }
});

// rules/python-async-specialist/unpicklable-process-target.ts
var unpicklable_process_target_exports = {};
__export(unpicklable_process_target_exports, {
  default: () => unpicklable_process_target_default
});
var POOL_METHODS = /* @__PURE__ */ new Set([
  "map",
  "map_async",
  "imap",
  "imap_unordered",
  "starmap",
  "starmap_async",
  "apply",
  "apply_async",
  "submit"
]);
var THREAD_POOLS = /* @__PURE__ */ new Set(["multiprocessing.pool.ThreadPool", "multiprocessing.dummy.Pool"]);
var unpicklable_process_target_default = defineRule({
  code: "PTL110",
  name: "unpicklable-process-target",
  agent: "python-async-specialist",
  severity: "error",
  enabledByDefault: true,
  testCode: "report",
  docs: {
    summary: "A lambda or a nested function is sent to another process: it cannot be pickled under spawn or forkserver.",
    why: 'A child started with spawn or forkserver receives its target, and every pool task, by pickle; pickle sends a function as its module and name, which a lambda or a function defined inside another function does not have. The start fails with "Can\'t pickle local object". spawn is the default on macOS and Windows, and Linux moves to forkserver in Python 3.14, so code that works on a Linux laptop breaks elsewhere. Define the function at module level (and pass what it closed over as arguments, or with `functools.partial` of the module-level function). Reported for `Process(target=...)` and for the function given to a process pool\'s `map`, `imap`, `starmap`, `apply_async` or `submit`, when it is a lambda, a nested `def`, or a `functools.partial` of one. Not reported for threads and thread pools (nothing is pickled), or for a `Process` under an explicit `get_context("fork")` (fork copies the target); a pool pickles every task even under fork, so pools are reported regardless. Reported in tests too: they fail the same way on macOS CI.',
    bad: "from concurrent.futures import ProcessPoolExecutor\n\ndef resize_all(paths, size):\n    def resize(path):\n        return load(path).resize(size)\n    with ProcessPoolExecutor() as pool:\n        return list(pool.map(resize, paths))\n",
    good: "from concurrent.futures import ProcessPoolExecutor\nfrom functools import partial\n\ndef resize(path, size):\n    return load(path).resize(size)\n\ndef resize_all(paths, size):\n    with ProcessPoolExecutor() as pool:\n        return list(pool.map(partial(resize, size=size), paths))\n"
  },
  callees: ["*Process", ...POOL_METHODS],
  options: external_exports.object({}).strict(),
  messages: {
    target: '`{{target}}` is {{what}}: pickle cannot send it to a child started with spawn or forkserver ("Can\'t pickle local object"); define it at module level',
    task: '`{{target}}` given to `{{method}}` is {{what}}: a process pool pickles every task ("Can\'t pickle local object"); define it at module level'
  },
  create(ctx) {
    const { model } = ctx;
    const short = (node) => (node.text.length > 40 ? `${node.text.slice(0, 37)}...` : node.text).replace(/\s+/g, " ");
    const processPool = (receiver) => {
      if (model.kindOf(receiver, ctx.ancestors) !== "pool") return false;
      const built = model.constructionsOf(receiver, ctx.ancestors);
      return built.length > 0 && built.every(({ call, scope }) => !THREAD_POOLS.has(model.calleeName(call, scope) ?? ""));
    };
    return {
      call(node) {
        const method = model.methodCall(node);
        if (method && POOL_METHODS.has(method.method)) {
          const fn = argument(node, method.method === "submit" ? "fn" : "func", 0);
          const what2 = fn ? model.localCallable(fn, ctx.ancestors) : null;
          if (fn && what2 && processPool(method.receiver)) {
            ctx.report({ node: fn, messageId: "task", data: { target: short(fn), method: method.method, what: what2 } });
          }
          return;
        }
        if (!model.mayConstructProcess(node) || model.kindOf(node, ctx.ancestors) !== "process") return;
        const target = argument(node, "target", 1);
        const what = target ? model.localCallable(target, ctx.ancestors) : null;
        if (!target || !what) return;
        if (model.execution.startMethodOf(node, ctx.ancestors) === "fork") return;
        ctx.report({ node: target, messageId: "target", data: { target: short(target), what } });
      }
    };
  }
});

// rules/python-ml-specialist/cuda-in-forked-process.ts
var cuda_in_forked_process_exports = {};
__export(cuda_in_forked_process_exports, {
  default: () => cuda_in_forked_process_default
});
var cuda_in_forked_process_default = defineRule({
  code: "PTL405",
  name: "cuda-in-forked-process",
  agent: "python-ml-specialist",
  severity: "error",
  enabledByDefault: true,
  docs: {
    summary: "A process started with the fork start method runs code that uses CUDA.",
    why: 'CUDA cannot be used in a forked child once the parent has touched it: the child fails with "Cannot re-initialize CUDA in forked subprocess" (torch), or hangs in the driver. `fork` is the default start method on Linux before Python 3.14, so a plain `multiprocessing.Process(target=detect)` whose target moves a model to the GPU works on a laptop without a GPU and breaks on the server. Start GPU workers with `multiprocessing.get_context("spawn")` (or `torch.multiprocessing.spawn`), or call `set_start_method("spawn")` once in the entry module. The CUDA use is found in the target (or a `Process` subclass\'s `run()`) and in the project functions it calls. Owned by the ML specialist: the fix is about where CUDA is initialised.',
    bad: 'import multiprocessing as mp\nimport torch\n\ndef detect(frames):\n    model = torch.jit.load("det.pt").cuda()\n    ...\n\nmp.Process(target=detect, args=(frames,)).start()\n',
    good: 'import multiprocessing as mp\nimport torch\n\ndef detect(frames):\n    model = torch.jit.load("det.pt").cuda()\n    ...\n\nmp.get_context("spawn").Process(target=detect, args=(frames,)).start()\n'
  },
  callees: ["*Process"],
  options: external_exports.object({}).strict(),
  messages: {
    forked: 'this process starts with {{how}} and {{what}} uses CUDA: the child fails with "Cannot re-initialize CUDA in forked subprocess"; start it with `multiprocessing.get_context("spawn")`'
  },
  create(ctx) {
    const { model } = ctx;
    return {
      call(node) {
        if (!model.mayConstructProcess(node) || model.kindOf(node, ctx.ancestors) !== "process") return;
        const method = model.execution.startMethodOf(node, ctx.ancestors);
        if (method === "other") return;
        const origins = model.processOrigins(node, ctx.ancestors);
        if (origins.length === 0) return;
        const candidate = { origins, method, location: ctx.locate(node) };
        ctx.record(candidate);
      }
    };
  },
  project(ctx) {
    const { index } = ctx;
    const configured = index.files.flatMap((f) => f.startMethods ?? []);
    const defaultIsFork = !configured.some((m) => m === "spawn" || m === "forkserver");
    for (const { path: path2, data } of ctx.records()) {
      const c = data;
      if (c.method === "default" && !defaultIsFork) continue;
      const cuda = c.origins.find((o) => index.reaches(index.classByQname(o) ? `${o}.run` : o, (facts) => facts.cuda === true));
      if (!cuda) continue;
      const what = index.classByQname(cuda) ? `\`${cuda.split(".").pop()}.run()\`` : `its target \`${cuda.split(".").pop()}()\``;
      const how = c.method === "fork" ? "`fork`" : "the default start method (`fork` on Linux before Python 3.14)";
      ctx.report({ path: path2, location: c.location, messageId: "forked", data: { how, what } });
    }
  }
});

// rules/python-ml-specialist/forward-called-directly.ts
var forward_called_directly_exports = {};
__export(forward_called_directly_exports, {
  default: () => forward_called_directly_default
});
var forward_called_directly_default = defineRule({
  code: "PTL404",
  name: "forward-called-directly",
  agent: "python-ml-specialist",
  severity: "warning",
  enabledByDefault: true,
  fixable: "safe",
  testCode: "ignore",
  docs: {
    summary: "`model.forward(x)` bypasses the module's hooks; call the module: `model(x)`.",
    why: "`nn.Module.__call__` runs the forward pre-hooks and hooks around `forward()`: the hooks that quantization, pruning, `torch.compile`, profilers, activation checkpointing and feature extractors install. Calling `forward()` directly skips all of them, so the model that runs in production differs from the one that was measured and exported. Call the module itself. Inside a `forward` override, `super().forward(x)` and `Base.forward(self, x)` are the right way to reach the parent, and a module calling its own `self.forward(...)` composes its own implementation: neither is reported. OpenCV networks, ONNX sessions and classes that are not `nn.Module`s have their own `forward` and are left alone. Not reported in test code, where a test may exercise `forward` on purpose.",
    bad: 'import torch\n\nmodel = torch.hub.load("ultralytics/yolov5", "yolov5s")\nboxes = model.forward(frame)\n',
    good: 'import torch\n\nmodel = torch.hub.load("ultralytics/yolov5", "yolov5s")\nboxes = model(frame)\n'
  },
  callees: ["forward"],
  options: external_exports.object({}).strict(),
  messages: {
    direct: "`{{receiver}}.forward(...)` skips the module's hooks (quantization, compile, profilers); call `{{receiver}}(...)`"
  },
  create(ctx) {
    const { model } = ctx;
    const callInstead = (node) => {
      const fn = node.childForFieldName("function");
      const object = fn?.childForFieldName("object");
      if (!fn || !object) return void 0;
      return { title: "Call the module instead of `.forward`", applicability: "safe", edits: [{ start: object.endIndex, end: fn.endIndex, text: "" }] };
    };
    return {
      call(node) {
        const parts = model.calleeParts(node);
        if (!parts || parts.length < 2 || parts[parts.length - 1] !== "forward") return;
        const receiverParts = parts.slice(0, -1);
        const receiver = receiverParts.join(".");
        const call = model.methodCall(node);
        if (!call) return;
        if (model.classByQname(model.resolveDottedText(receiver, ctx.ancestors) ?? "") || /^[A-Z]/.test(receiverParts[receiverParts.length - 1])) return;
        if (model.moduleSelfOrigin(receiverParts, ctx.ancestors) !== null) return;
        const kind = model.kindOf(call.receiver, ctx.ancestors);
        if (kind === "model") {
          ctx.report({ node, messageId: "direct", data: { receiver }, fix: callInstead(node) });
          return;
        }
        if (kind !== null && kind !== "other") return;
        const origin = model.constructedBy(call.receiver, ctx.ancestors);
        if (origin) {
          const candidate = { origin, receiver, location: ctx.locate(node) };
          ctx.record(candidate);
        }
      }
    };
  },
  project(ctx) {
    for (const { path: path2, data } of ctx.records()) {
      const c = data;
      if (!ctx.index.ancestors(c.origin).some((a) => TORCH_MODULE_CLASSES.has(a))) continue;
      ctx.report({ path: path2, location: c.location, messageId: "direct", data: { receiver: c.receiver } });
    }
  }
});

// rules/python-ml-specialist/inference-without-no-grad.ts
var inference_without_no_grad_exports = {};
__export(inference_without_no_grad_exports, {
  default: () => inference_without_no_grad_default
});
var inference_without_no_grad_default = defineRule({
  code: "PTL401",
  name: "inference-without-no-grad",
  agent: "python-ml-specialist",
  severity: "warning",
  enabledByDefault: true,
  testCode: "ignore",
  docs: {
    summary: "A model is called for inference with autograd on: wrap inference in `torch.inference_mode()`.",
    why: "Outside `torch.no_grad()` / `torch.inference_mode()` every forward pass records the autograd graph and keeps every intermediate activation alive for a backward pass that never comes: several times the memory of the weights for a detector at 640x640, and measurably slower. In a long-running frame loop or a request handler that is the difference between fitting two models on a GPU and an out-of-memory crash. Wrap inference in `with torch.inference_mode():` (or decorate the function). Reported where the code does inference: the model was put in eval mode in that function or class, or the call is in a request handler, a frame loop or a process target's loop, and nothing there trains (`backward()`, `optimizer.step()`, `.train()`). A module calling its own sub-modules inside its methods, Ultralytics models (their predictor turns gradients off) and ONNX or TensorRT sessions are not reported; a decorator named like the two (`@smart_inference_mode()`) counts. Not reported in test code: a test runs a model a few times, where the graph costs nothing that lasts.",
    bad: "import torch\n\ndef detect_loop(cap, weights):\n    model = torch.jit.load(weights).eval()\n    while True:\n        ok, frame = cap.read()\n        if not ok:\n            break\n        boxes = model(preprocess(frame))\n",
    good: "import torch\n\ndef detect_loop(cap, weights):\n    model = torch.jit.load(weights).eval()\n    with torch.inference_mode():\n        while True:\n            ok, frame = cap.read()\n            if not ok:\n                break\n            boxes = model(preprocess(frame))\n"
  },
  options: external_exports.object({}).strict(),
  messages: {
    autograd: "`{{model}}(...)` runs inference ({{reason}}) with autograd on: every activation is kept for a backward pass that never comes; wrap it in `with torch.inference_mode():`"
  },
  create(ctx) {
    const { model } = ctx;
    return {
      call(node) {
        const parts = model.calleeParts(node);
        if (!parts) return;
        const fn = enclosingFunction(ctx.ancestors);
        const evaluates = model.ml.evaluatesHere(ctx.ancestors);
        const handler = !evaluates && model.execution.isRequestHandler(fn);
        if (!evaluates && !handler && !model.execution.inLoop(ctx.ancestors)) return;
        if (!model.mayCallModel(node, ctx.ancestors)) return;
        if (model.ml.inGradContext(node, ctx.ancestors) || model.ml.trainsHere(ctx.ancestors)) return;
        if (parts[0] === "self" && model.inModuleMethod(ctx.ancestors)) return;
        const reason = evaluates ? "the model is in eval mode here" : handler ? "in a request handler" : model.execution.frameLoop(ctx.ancestors) ? "in a frame loop" : void 0;
        if (!reason && fn?.type !== "function_definition") return;
        const target = model.modelCall(node, ctx.ancestors);
        if (!target) return;
        const receiver = model.methodCall(node)?.receiver ?? node.childForFieldName("function");
        if (receiver && model.modelOrigins(receiver, ctx.ancestors).some((o) => o.startsWith("ultralytics."))) return;
        const name = target.target.join(".");
        if (reason && !target.origin) {
          ctx.report({ node, messageId: "autograd", data: { model: name, reason } });
          return;
        }
        const candidate = { model: name, location: ctx.locate(node) };
        if (reason) candidate.reason = reason;
        else candidate.fn = model.definitionQname(fn.node, ctx.ancestors.slice(0, ctx.ancestors.indexOf(fn)));
        if (target.origin) candidate.origin = target.origin;
        ctx.record(candidate);
      }
    };
  },
  project(ctx) {
    for (const { path: path2, data } of ctx.records()) {
      const c = data;
      if (c.origin && !ctx.index.ancestors(c.origin).some((a) => TORCH_MODULE_CLASSES.has(a))) continue;
      const reason = c.reason ?? (c.fn && ctx.index.isProcessTarget(c.fn) ? "in a process target" : void 0);
      if (reason) ctx.report({ path: path2, location: c.location, messageId: "autograd", data: { model: c.model, reason } });
    }
  }
});

// rules/python-ml-specialist/model-load-in-loop.ts
var model_load_in_loop_exports = {};
__export(model_load_in_loop_exports, {
  default: () => model_load_in_loop_default
});
var LOADERS = /* @__PURE__ */ new Set([
  "torch.load",
  "torch.jit.load",
  "torch.hub.load",
  "onnxruntime.InferenceSession",
  "timm.create_model",
  "ultralytics.YOLO",
  "ultralytics.RTDETR",
  "cv2.dnn.readNet",
  "cv2.dnn.readNetFromONNX",
  "cv2.dnn.readNetFromDarknet",
  "cv2.dnn.readNetFromCaffe",
  "cv2.dnn.readNetFromTensorflow",
  "cv2.dnn.readNetFromTorch",
  "tensorflow.keras.models.load_model",
  "keras.models.load_model",
  "keras.saving.load_model",
  "joblib.load"
]);
var CACHE_DECORATOR = /^(?:functools\.)?(?:lru_cache|cache|cached_property)\b|^(?:\w+\.)*cache(?:d)?\b/;
var LAZY_GUARD = /(?:^|\s)(?:[\w.]+\s+is\s+None|not\s+[\w.]+|[\w.]+\s+not\s+in\s+[\w.]+|[\w.]+\s+is\s+not\s+None)\b/;
var model_load_in_loop_default = defineRule({
  code: "PTL403",
  name: "model-load-in-loop",
  agent: "python-ml-specialist",
  severity: "warning",
  enabledByDefault: true,
  testCode: "ignore",
  docs: {
    summary: "A model is loaded inside a loop or a request handler: load it once and reuse it.",
    why: "Loading a model reads hundreds of megabytes, unpickles or compiles a graph and, on a GPU, allocates and copies every weight: seconds of work and a memory spike. In a frame loop it turns a 30 fps pipeline into a slideshow; in a request handler every request pays it and concurrent requests multiply the memory until the process is killed. Load once (at start-up, in `__init__`, or lazily behind `if self.model is None:`) and keep the object. A load in a `for` loop whose arguments change per iteration (`for ckpt in checkpoints:`), in a loader decorated `functools.cache`/`lru_cache`, or followed by `break`/`return` or inside a `try` (a retry loop) is not reported. Not reported in test code, where loading per test case is what isolates the cases.",
    bad: 'import torch\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n@app.post("/predict")\nasync def predict(image: bytes):\n    model = torch.jit.load("detector.pt")\n    return model(decode(image)).tolist()\n',
    good: 'import torch\nfrom fastapi import FastAPI\n\napp = FastAPI()\nmodel = torch.jit.load("detector.pt")\n\n@app.post("/predict")\nasync def predict(image: bytes):\n    return model(decode(image)).tolist()\n'
  },
  callees: ["load", "InferenceSession", "create_model", "YOLO", "RTDETR", "from_pretrained", "load_model", "*readNet", "readNetFromONNX", "readNetFromDarknet", "readNetFromCaffe", "readNetFromTensorflow", "readNetFromTorch"],
  options: external_exports.object({}).strict(),
  messages: {
    inLoop: "`{{callee}}(...)` loads a model on every iteration of this {{loop}}; load it once before the loop and reuse it",
    inHandler: "`{{callee}}(...)` loads a model on every request to `{{handler}}`; load it once at start-up (or lazily, cached) and reuse it"
  },
  create(ctx) {
    const { model } = ctx;
    const source = ctx.file.source;
    const argumentNames = (node) => {
      const text = source.slice(node.startIndex, node.endIndex);
      const open = text.indexOf("(");
      const names = /* @__PURE__ */ new Set();
      for (const m of text.slice(open + 1).matchAll(/(?<![.\w])([A-Za-z_]\w*)(?!\s*=[^=])/g)) names.add(m[1]);
      return [...names];
    };
    const isLoader = (qname) => qname !== null && (LOADERS.has(qname) || qname.endsWith(".from_pretrained") && !/(?:Tokenizer|Config|Processor|FeatureExtractor)\.from_pretrained$/.test(qname));
    return {
      call(node) {
        const parts = model.calleeParts(node);
        if (!parts) return;
        const qname = model.calleeName(node, ctx.ancestors);
        if (!isLoader(qname)) return;
        const fn = enclosingFunction(ctx.ancestors);
        if (fn?.type === "function_definition" && model.decoratorsOf(fn.node).some((d) => CACHE_DECORATOR.test(d))) return;
        const insideFunction = ctx.ancestors.slice(fn ? ctx.ancestors.indexOf(fn) + 1 : 0);
        if (insideFunction.some((a) => (a.type === "if_statement" || a.type === "elif_clause") && LAZY_GUARD.test(a.node.childForFieldName("condition")?.text ?? ""))) return;
        const callee = parts.join(".");
        const loops = model.execution.loops(ctx.ancestors);
        for (let i = loops.length - 1; i >= 0; i--) {
          const loop = loops[i];
          if (loop.type === "for_statement" && model.execution.variesWith(loop, argumentNames(node), node.startIndex, ctx.ancestors)) continue;
          if (model.flow.followedByExit(node) || ctx.ancestors.some((a) => a.type === "try_statement" && a.start > loop.start)) return;
          ctx.report({ node, messageId: "inLoop", data: { callee, loop: loop.type === "while_statement" ? "`while` loop" : "`for` loop" } });
          return;
        }
        if (model.execution.isRequestHandler(fn)) {
          ctx.report({ node, messageId: "inHandler", data: { callee, handler: model.nameOf(fn.node) ?? "?" } });
        }
      }
    };
  }
});

// rules/python-ml-specialist/model-not-in-eval-mode.ts
var model_not_in_eval_mode_exports = {};
__export(model_not_in_eval_mode_exports, {
  default: () => model_not_in_eval_mode_default
});
var TRAINING_MODE_ORIGINS = /^(?:torch\.load|torch\.hub\.load|timm\.create_model|torchvision\.models\.\w[\w.]*|torch\.nn\.[A-Z]\w*)$/;
var EVAL_MODE_ORIGINS = /(?:\.from_pretrained|^torch\.jit\.(?:load|script|trace)|^ultralytics\.\w+|^torch\.compile)$/;
var model_not_in_eval_mode_default = defineRule({
  code: "PTL402",
  name: "model-not-in-eval-mode",
  agent: "python-ml-specialist",
  severity: "warning",
  enabledByDefault: true,
  docs: {
    summary: "A model is built or loaded and used for inference without `.eval()`.",
    why: "A freshly built or loaded `nn.Module` is in training mode: dropout drops activations at random and batch norm normalises with the statistics of the current batch (a batch of one frame) and updates its running averages as it goes. The detector gives different boxes for the same frame on every call and drifts over time, and no error ever says why. Call `model.eval()` (or `model.train(False)`) once after loading, before inference. `from_pretrained` (transformers returns eval mode), `torch.jit.load` and ONNX sessions are not reported, and neither is a model put in eval mode anywhere in the function, its class or its module, nor an instance of a project class whose constructor (or what it calls) puts it in eval mode.",
    bad: "import torch\nimport torchvision\n\ndef serve(weights, frames):\n    model = torchvision.models.resnet18()\n    model.load_state_dict(torch.load(weights, weights_only=True))\n    with torch.inference_mode():\n        return [model(f) for f in frames]\n",
    good: "import torch\nimport torchvision\n\ndef serve(weights, frames):\n    model = torchvision.models.resnet18()\n    model.load_state_dict(torch.load(weights, weights_only=True))\n    model.eval()\n    with torch.inference_mode():\n        return [model(f) for f in frames]\n"
  },
  options: external_exports.object({}).strict(),
  messages: {
    training: "`{{model}}` is used for inference ({{reason}}) but never put in eval mode: dropout and batch norm still behave as in training; call `{{model}}.eval()` after loading it"
  },
  create(ctx) {
    const { model } = ctx;
    return {
      call(node) {
        if (model.ml.evaluatesInFile() || model.ml.trainsHere(ctx.ancestors)) return;
        const parts = model.calleeParts(node);
        if (!parts) return;
        const fn = enclosingFunction(ctx.ancestors);
        const gradOff = model.ml.inGradContext(node, ctx.ancestors);
        const handler = !gradOff && model.execution.isRequestHandler(fn);
        if (!gradOff && !handler && (fn?.type !== "function_definition" || !model.execution.inLoop(ctx.ancestors))) return;
        if (!model.mayCallModel(node, ctx.ancestors)) return;
        if (parts[0] === "self" && model.inModuleMethod(ctx.ancestors)) return;
        const target = model.modelCall(node, ctx.ancestors);
        if (!target) return;
        const receiver = model.methodCall(node)?.receiver ?? node.childForFieldName("function");
        if (!receiver) return;
        const origins = model.modelOrigins(receiver, ctx.ancestors);
        if (origins.length === 0 || origins.some((o) => EVAL_MODE_ORIGINS.test(o))) return;
        const classes = origins.filter((o) => !TRAINING_MODE_ORIGINS.test(o));
        const local = classes.length === 0 && origins.some((o) => TRAINING_MODE_ORIGINS.test(o));
        if (!local && classes.length === 0) return;
        const reason = gradOff ? "gradients are off here" : handler ? "in a request handler" : void 0;
        const name = target.target.join(".");
        if (reason && local) {
          ctx.report({ node, messageId: "training", data: { model: name, reason } });
          return;
        }
        const candidate = { model: name, classes: local ? [] : classes, location: ctx.locate(node) };
        if (reason) candidate.reason = reason;
        else candidate.fn = model.definitionQname(fn.node, ctx.ancestors.slice(0, ctx.ancestors.indexOf(fn)));
        ctx.record(candidate);
      }
    };
  },
  project(ctx) {
    for (const { path: path2, data } of ctx.records()) {
      const c = data;
      if (c.classes.length > 0) {
        const modules = c.classes.filter((o) => ctx.index.ancestors(o).some((a) => TORCH_MODULE_CLASSES.has(a)));
        if (modules.length === 0 || modules.some((o) => ctx.index.reaches(o, (facts) => facts.evals === true))) continue;
      }
      const reason = c.reason ?? (c.fn && ctx.index.isProcessTarget(c.fn) ? "in a process target" : void 0);
      if (reason) ctx.report({ path: path2, location: c.location, messageId: "training", data: { model: c.model, reason } });
    }
  }
});

// rules/python-ml-specialist/onnx-session-without-providers.ts
var onnx_session_without_providers_exports = {};
__export(onnx_session_without_providers_exports, {
  default: () => onnx_session_without_providers_default
});
var onnx_session_without_providers_default = defineRule({
  code: "PTL408",
  name: "onnx-session-without-providers",
  agent: "python-ml-specialist",
  severity: "warning",
  enabledByDefault: true,
  testCode: "ignore",
  fixable: "unsafe",
  docs: {
    summary: "`onnxruntime.InferenceSession(path)` without `providers=` runs wherever the build happens to default to.",
    why: 'Since onnxruntime 1.9 a session on a build with more than the CPU provider (`onnxruntime-gpu`, TensorRT, OpenVINO) raises unless `providers=` is given, and a CPU-only build silently runs on the CPU: the same line is a crash on the GPU box and a 20x slowdown on the laptop that nobody notices. Name the providers in order of preference, so the choice is in the code and reviewable: `providers=["CUDAExecutionProvider", "CPUExecutionProvider"]`. The fix adds `providers=["CPUExecutionProvider"]` (unsafe: it pins inference to the CPU; put a GPU provider first where one is meant). Not reported in test code, where CPU inference is usually the point.',
    bad: 'import onnxruntime as ort\n\nsession = ort.InferenceSession("yolov8n.onnx")\n',
    good: 'import onnxruntime as ort\n\nsession = ort.InferenceSession("yolov8n.onnx", providers=["CUDAExecutionProvider", "CPUExecutionProvider"])\n'
  },
  callees: ["InferenceSession"],
  options: external_exports.object({}).strict(),
  messages: {
    noProviders: "`{{callee}}(...)` without `providers=` raises on GPU builds of onnxruntime and silently runs on the CPU elsewhere; name the execution providers"
  },
  create(ctx) {
    return {
      call(node) {
        if (ctx.model.calleeName(node, ctx.ancestors) !== "onnxruntime.InferenceSession") return;
        const parts = ctx.model.calleeParts(node) ?? ["InferenceSession"];
        if (argument(node, "providers", 2) || hasSplat(node)) return;
        const edit = positionalArguments(node).length === 0 && !argument(node, "path_or_bytes") ? void 0 : appendArgument(node, 'providers=["CPUExecutionProvider"]', ctx.file.source);
        ctx.report({
          node,
          messageId: "noProviders",
          data: { callee: parts.join(".") },
          ...edit ? { fix: { title: 'Add `providers=["CPUExecutionProvider"]` (unsafe: pins inference to the CPU)', applicability: "unsafe", edits: [edit] } } : {}
        });
      }
    };
  }
});

// rules/python-ml-specialist/per-frame-allocation.ts
var per_frame_allocation_exports = {};
__export(per_frame_allocation_exports, {
  default: () => per_frame_allocation_default
});
var per_frame_allocation_default = defineRule({
  code: "PTL407",
  name: "per-frame-allocation",
  agent: "python-ml-specialist",
  severity: "warning",
  enabledByDefault: true,
  testCode: "ignore",
  docs: {
    summary: "A constant-shape array or tensor allocated inside a frame loop: pre-allocate it once and fill it.",
    why: "A frame loop runs 30 times a second per camera. `np.zeros((640, 640, 3))` or `torch.empty(1, 3, 640, 640)` inside it allocates (and for `zeros`, clears) the same buffer every frame: megabytes a second of garbage, allocator fragmentation, and on the GPU a synchronising allocation per frame. The shape never changes, so allocate the buffer once before the loop and write into it (`np.copyto`, `buf[:] = ...`, `out=`), as the guide's pre-allocated input buffer does. Shapes taken from the frame or the loop variable, and arrays of fewer than `min-elements` elements, are not reported. Not reported in test code.",
    bad: "import numpy as np\n\nwhile True:\n    ok, frame = cap.read()\n    if not ok:\n        break\n    canvas = np.zeros((640, 640, 3), dtype=np.uint8)\n    canvas[:h, :w] = frame\n",
    good: "import numpy as np\n\ncanvas = np.zeros((640, 640, 3), dtype=np.uint8)\nwhile True:\n    ok, frame = cap.read()\n    if not ok:\n        break\n    canvas.fill(0)\n    canvas[:h, :w] = frame\n"
  },
  callees: ["zeros", "ones", "empty", "full", "rand", "randn"],
  options: external_exports.object({
    "min-elements": external_exports.number().int().positive().default(4096).describe("allocations with fewer elements than this are cheap enough to make per frame")
  }).strict(),
  messages: {
    perFrame: "`{{callee}}(...)` allocates a constant {{size}}-element buffer on every iteration of this {{loop}}; allocate it once before the loop and fill it"
  },
  create(ctx) {
    const minimum = ctx.options["min-elements"];
    const constant = (name) => {
      const text = ctx.model.moduleValueText(name);
      return text !== null && /^\d[\d_]*$/.test(text.trim()) ? Number(text.replace(/_/g, "")) : null;
    };
    return {
      call(node) {
        const parts = ctx.model.calleeParts(node);
        if (!parts) return;
        const qname = ctx.model.calleeName(node, ctx.ancestors);
        if (!qname || !SHAPE_ALLOCATORS.has(qname)) return;
        const loops = ctx.model.execution.loops(ctx.ancestors);
        const frameLoop = ctx.model.execution.frameLoop(ctx.ancestors);
        const loop = frameLoop ?? loops.find((l) => l.type === "while_statement");
        if (!loop) return;
        const size = statedElementCount(node, qname, constant);
        if (size === null || size < minimum) return;
        ctx.report({
          node,
          messageId: "perFrame",
          data: { callee: parts.join("."), size: size.toLocaleString("en-US"), loop: frameLoop ? "frame loop" : "`while` loop" }
        });
      }
    };
  }
});

// rules/python-ml-specialist/unchecked-frame-read.ts
var unchecked_frame_read_exports = {};
__export(unchecked_frame_read_exports, {
  default: () => unchecked_frame_read_default
});
var READ_ASSIGNMENT = /\(?\s*([A-Za-z_]\w*)\s*,\s*([A-Za-z_]\w*)\s*\)?\s*=\s*((?:[A-Za-z_]\w*\s*\.\s*)+)read\s*\(\s*\)/y;
var unchecked_frame_read_default = defineRule({
  code: "PTL409",
  name: "unchecked-frame-read",
  agent: "python-ml-specialist",
  severity: "warning",
  enabledByDefault: true,
  testCode: "ignore",
  docs: {
    summary: "`ok, frame = cap.read()` uses `frame` before checking `ok`: a dropped stream fails far away.",
    why: "`VideoCapture.read()` returns `(False, None)` when an RTSP stream drops, a USB camera is unplugged or a file ends. Code that uses `frame` before looking at `ok` passes `None` on: the error surfaces as `cv2.error: (-215) !_src.empty()` or `'NoneType' object has no attribute 'shape'` in a resize, a queue consumer or another process, minutes later and far from the camera. Check `ok` (or `frame is None`) right after the read and reconnect, skip or stop there. Not reported in test code, where a missing frame fails the test anyway.",
    bad: "import cv2\n\ncap = cv2.VideoCapture(url)\nwhile True:\n    ok, frame = cap.read()\n    small = cv2.resize(frame, (640, 640))\n",
    good: "import cv2\n\ncap = cv2.VideoCapture(url)\nwhile True:\n    ok, frame = cap.read()\n    if not ok:\n        break\n    small = cv2.resize(frame, (640, 640))\n"
  },
  options: external_exports.object({
    "capture-name-pattern": patternOption(
      "^(?:cap|capture|camera|cam|video|stream|vid|vcap|\\w+_cap|\\w+_capture|\\w+_camera|\\w+_stream)$",
      "names taken to be cv2.VideoCapture objects when nothing else says what they are"
    )
  }).strict(),
  messages: {
    unchecked: "`{{frame}}` from `{{receiver}}.read()` is used before `{{ok}}` is checked: a dropped stream gives `None` here and fails later elsewhere; check `{{ok}}` (or `{{frame}} is None`) first"
  },
  create(ctx) {
    const captureName = regex(ctx.options["capture-name-pattern"]);
    const source = ctx.file.source;
    return {
      assignment(node) {
        READ_ASSIGNMENT.lastIndex = node.startIndex;
        const m = READ_ASSIGNMENT.exec(source);
        if (!m) return;
        const [, ok, frame] = m;
        const receiverParts = m[3].split(".").map((p) => p.trim()).filter(Boolean);
        const kind = ctx.model.kindOfPath(receiverParts, ctx.ancestors);
        if (kind !== "capture" && !((kind === null || kind === void 0) && captureName.test(receiverParts[receiverParts.length - 1].replace(/^_+/, "")))) return;
        const flag = new RegExp(`\\b${ok}\\b`);
        if (ok !== "_" && ctx.ancestors.some((a) => a.type === "while_statement" && flag.test(a.node.childForFieldName("condition")?.text ?? ""))) return;
        const use = ctx.model.flow.firstUseAfter(frame, ok, node.endIndex, ctx.ancestors);
        if (use !== "value") return;
        ctx.report({ node, messageId: "unchecked", data: { frame, ok, receiver: receiverParts.join(".") } });
      }
    };
  }
});

// rules/python-quality-enforcer/syntax-error.ts
var syntax_error_exports = {};
__export(syntax_error_exports, {
  default: () => syntax_error_default
});
var syntax_error_default = defineRule({
  code: "PTL001",
  name: "syntax-error",
  agent: "python-quality-enforcer",
  severity: "error",
  enabledByDefault: true,
  precision: "very-high",
  docs: {
    summary: "The file does not parse as Python.",
    why: "Code that does not parse cannot run, and every other rule can only guess around the broken region. pyteam-lint reports the first unparseable region and still checks the rest of the file, so one typo does not hide the other findings.",
    bad: "def load(path:\n    return open(path).read()\n",
    good: "def load(path: str) -> str:\n    return open(path).read()\n"
  },
  options: external_exports.object({}).strict(),
  messages: {
    unexpected: "syntax error: unexpected `{{text}}`",
    missing: "syntax error: expected `{{text}}`"
  },
  create(ctx) {
    return {
      module(node) {
        const error = firstSyntaxError(node);
        if (!error) return;
        if (error.isMissing) {
          ctx.report({ node: error, messageId: "missing", data: { text: error.type } });
          return;
        }
        const firstLine = error.text.split(/\r?\n/)[0] ?? "";
        const text = firstLine.length > 30 ? `${firstLine.slice(0, 27)}...` : firstLine || error.type;
        ctx.report({ span: { start: error.startIndex, end: error.startIndex + Math.max(1, firstLine.length) }, messageId: "unexpected", data: { text } });
      }
    };
  }
});

// rules/python-quality-enforcer/untyped-def.ts
var untyped_def_exports = {};
__export(untyped_def_exports, {
  default: () => untyped_def_default
});
var SCOPE_TYPES = /* @__PURE__ */ new Set(["function_definition", "lambda", "class_definition"]);
var STATICMETHOD = /* @__PURE__ */ new Set(["staticmethod", "builtins.staticmethod"]);
function listing(items) {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
function shownName(p) {
  const name = parameterName(p);
  if (name === null) return null;
  if (p.type === "list_splat_pattern") return `*${name}`;
  if (p.type === "dictionary_splat_pattern") return `**${name}`;
  return name;
}
var untyped_def_default = defineRule({
  code: "PTL501",
  name: "untyped-def",
  agent: "python-quality-enforcer",
  severity: "warning",
  enabledByDefault: false,
  precision: "very-high",
  docs: {
    summary: "A `def` missing a parameter or return annotation (what `mypy --strict`'s `disallow_untyped_defs` rejects).",
    why: "In ML code the types are the documentation of shapes and protocols: whether `frame` is a uint8 HWC `np.ndarray` or a float CHW `torch.Tensor`, whether `predict` returns boxes or logits, what a queue message carries between pipeline stages. An unannotated parameter is `Any` to the type checker, so a tensor passed where an array was expected, or a message dict missing a key, is found at run time \u2014 often hours into training or on the edge device \u2014 instead of in review. Untyped defs also switch off checking of their own bodies under mypy's defaults. `self` and `cls` need no annotation, and `__init__` may omit `-> None` once a parameter is annotated.",
    bad: "import numpy as np\n\n\ndef preprocess(frame, size=640):\n    return np.resize(frame, (size, size)) / 255.0\n",
    good: "import numpy as np\n\n\ndef preprocess(frame: np.ndarray, size: int = 640) -> np.ndarray:\n    return np.resize(frame, (size, size)) / 255.0\n"
  },
  options: external_exports.object({}).strict(),
  messages: {
    missing: "`{{name}}` is missing annotations for {{what}}",
    missingReturn: "`{{name}}` is missing its return type annotation"
  },
  create(ctx) {
    const bindsSelf = (fn) => {
      if (innermost(ctx.ancestors, SCOPE_TYPES)?.type !== "class_definition") return false;
      const wrapper = fn.parent?.type === "decorated_definition" ? fn.parent : null;
      for (const decorator of wrapper?.namedChildren ?? []) {
        if (decorator?.type !== "decorator") continue;
        const expression = decorator.namedChildren.find((n) => n !== null && n.type !== "comment");
        const qname = expression ? ctx.model.qualifiedName(expression, ctx.ancestors) : null;
        if (qname && STATICMETHOD.has(qname)) return false;
      }
      return true;
    };
    return {
      function_definition(node) {
        const name = node.childForFieldName("name");
        const params = node.childForFieldName("parameters");
        if (!name || !params) return;
        const isMethod = bindsSelf(node);
        const missing = [];
        let annotated = 0;
        let first = true;
        for (const p of params.namedChildren) {
          if (!p || p.type === "comment") continue;
          const isFirst = first;
          first = false;
          if (p.type === "typed_parameter" || p.type === "typed_default_parameter") {
            annotated++;
            continue;
          }
          const shown = shownName(p);
          if (shown === null) continue;
          if (isFirst && isMethod && (p.type === "identifier" || p.type === "default_parameter")) continue;
          missing.push(`\`${shown}\``);
        }
        const implicitNone = isMethod && name.text === "__init__" && annotated > 0;
        const missingReturn = node.childForFieldName("return_type") === null && !implicitNone;
        if (missing.length === 0 && !missingReturn) return;
        if (missing.length === 0) {
          ctx.report({ node: name, messageId: "missingReturn", data: { name: name.text } });
          return;
        }
        const what = missingReturn ? listing([...missing, "its return type"]) : listing(missing);
        ctx.report({ node: name, messageId: "missing", data: { name: name.text, what } });
      }
    };
  }
});

// rules/python-quality-enforcer/unused-noqa.ts
var unused_noqa_exports = {};
__export(unused_noqa_exports, {
  default: () => unused_noqa_default
});
var OWN_CODE = "PTL002";
var OURS = /^PTL/i;
function meantCode(code, known) {
  const digits = code.slice(0, 3) + code.slice(3).replace(/O/g, "0").replace(/[IL]/g, "1");
  if (known.includes(digits)) return digits;
  const near = known.filter((k) => withinOneEdit(code, k));
  return near.length === 1 ? near[0] : void 0;
}
function withinOneEdit(a, b) {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    const rest = (k) => a.slice(k) === b.slice(k);
    return rest(i + 1) || a[i] === b[i + 1] && a[i + 1] === b[i] && rest(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
var quote = (codes) => codes.map((c) => `\`${c}\``).join(", ");
function rewritten(d, keep) {
  const head = /^#\s*(?:pyteam-lint\s*:\s*)?noqa\s*:\s*/i.exec(d.text)[0];
  const separator = /[\s,]+/.exec(d.text.slice(head.length))?.[0] ?? ", ";
  return head + keep.join(separator);
}
var unused_noqa_default = defineRule({
  code: OWN_CODE,
  name: "unused-noqa",
  agent: "python-quality-enforcer",
  severity: "warning",
  enabledByDefault: true,
  fixable: "safe",
  testCode: "report",
  docs: {
    summary: "A `# noqa: PTL\u2026` names a pyteam-lint code that suppresses nothing there, or a code that does not exist.",
    why: "A suppression outlives the finding it was written for: the code is fixed or moved, the comment stays, and it silently hides the next real finding on that line. A mistyped code (`PTL3O1`, `PTL999`) suppresses nothing at all while looking like it does. Like Ruff's RUF100, this reports the codes of a line `# noqa: \u2026` or a file-level `# pyteam-lint: noqa: \u2026` that suppressed no finding in this run (unused), that no rule has (unknown), or that are written twice (duplicated); the safe fix removes them, and the whole directive when none is left, keeping the rest of the comment. Judged against the rules that run here: a code of a rule that is not selected, skips test files, or is in this file's per-file-ignores is left alone (it may be used where that rule runs: with `--select PTL002` alone, only unknown and duplicated codes are reported), and so is every code of another tool (`E501`, `S301`, `B614`, `F401`: only codes starting with `PTL` are pyteam-lint's to judge). A blanket `# noqa` or `# pyteam-lint: noqa` is left alone unless `report-blanket = true`: flake8, Ruff and pycodestyle read the same blanket comment, so a blanket that hides no pyteam-lint finding may still be needed, and a file-level blanket usually marks generated code; when reported, it gets no fix, since a rule off in this run (or in `--fix`, which runs only the fixable ones) may need it. `external` lists further code prefixes never to judge, such as codes of a newer pyteam-lint or a fork (`external = [\"PTL9\"]`). A directive that names `PTL002` itself is not judged; `# pyteam-lint: noqa: PTL002` exempts its file. Not run with `--ignore-noqa`. Reported in test code too: a stale suppression in a test hides findings just the same.",
    bad: "import torch\n\nstate = torch.load(path, weights_only=True)  # noqa: PTL3O1\n",
    good: 'import torch\n\nstate = torch.load(path, weights_only=True)\nurl = "https://example.com/a/very/long/path"  # noqa: E501\n'
  },
  options: external_exports.object({
    external: external_exports.array(external_exports.string().regex(/^[A-Za-z]+[0-9]*$/, "a code prefix: letters, optionally followed by digits")).default([]).describe("code prefixes never reported as unused or unknown (codes not starting with PTL never are)"),
    "report-blanket": external_exports.boolean().default(false).describe("also report a blanket `# noqa` (or `# pyteam-lint: noqa`) that suppressed no finding, without a fix")
  }).strict(),
  messages: {
    unusedCodes: "unused `noqa` directive ({{details}}): these codes suppress nothing here; remove them so they cannot hide a future finding on this line",
    unusedFileCodes: "unused file-level `pyteam-lint: noqa` ({{details}}): these codes suppress nothing in this file; remove them so they cannot hide future findings",
    unusedBlanket: "blanket `noqa` directive suppresses no pyteam-lint finding on this line; remove it if no other tool needs it, or name its codes",
    unusedFileBlanket: "file-level `pyteam-lint: noqa` suppresses no finding in this file; remove it unless the file is meant to stay unlinted"
  },
  create() {
    return {};
  },
  project(ctx) {
    const external = ctx.options.external.map((p) => p.toUpperCase());
    const judged = (code) => OURS.test(code) && !external.some((p) => code.startsWith(p));
    for (const { path: path2, data } of ctx.records()) {
      const { directives, knownCodes } = data;
      const at = (d) => ({ line: d.line, column: d.column, endLine: d.line, endColumn: d.endColumn });
      const namesOwn = (d) => d.codes?.some((c) => c.toUpperCase() === OWN_CODE) ?? false;
      if (directives.some((d) => d.scope === "file" && namesOwn(d))) continue;
      const fileBlanket = directives.find((d) => d.scope === "file" && d.codes === null);
      for (const d of fileBlanket ? [fileBlanket] : directives) {
        if (d.audit === null) {
          if (d.matched || !ctx.options["report-blanket"]) continue;
          ctx.report({ path: path2, location: at(d), messageId: d.scope === "file" ? "unusedFileBlanket" : "unusedBlanket" });
          continue;
        }
        if (namesOwn(d)) continue;
        const unused = [];
        const unknown = [];
        const duplicated = [];
        const keep = [];
        const seen = /* @__PURE__ */ new Set();
        for (const { code, matched, rule } of d.audit) {
          const upper = code.toUpperCase();
          const ours = judged(upper);
          if (seen.has(upper) && ours) duplicated.push(code);
          else if (!ours || matched || rule === "disabled") keep.push(code);
          else if (rule === "unknown") unknown.push(code);
          else unused.push(code);
          seen.add(upper);
        }
        if (unused.length + unknown.length + duplicated.length === 0) continue;
        const details = [
          ...unused.length > 0 ? [`unused: ${quote(unused)}`] : [],
          ...unknown.length > 0 ? [
            `unknown: ${unknown.map((c) => {
              const meant = meantCode(c.toUpperCase(), knownCodes);
              return meant ? `\`${c}\` (did you mean \`${meant}\`?)` : `\`${c}\``;
            }).join(", ")}`
          ] : [],
          ...duplicated.length > 0 ? [`duplicated: ${quote(duplicated)}`] : []
        ].join("; ");
        const removed = [...unused, ...unknown, ...duplicated];
        const fix = keep.length === 0 ? { title: `Remove the unused \`noqa\` directive (${quote(removed)})`, applicability: "safe", edits: [d.removal] } : { title: `Remove ${quote(removed)} from the \`noqa\` directive`, applicability: "safe", edits: [{ start: d.start, end: d.end, text: rewritten(d, keep) }] };
        const finding = {
          path: path2,
          location: at(d),
          messageId: d.scope === "file" ? "unusedFileCodes" : "unusedCodes",
          data: { details },
          fix
        };
        ctx.report(finding);
      }
    }
  }
});

// rules/python-security-reviewer/credentials-in-url.ts
var credentials_in_url_exports = {};
__export(credentials_in_url_exports, {
  default: () => credentials_in_url_default
});
var DYNAMIC = "";
var BREAK = " ";
var URL_WITH_PASSWORD = /(?<![A-Za-z0-9+.\-\u0001])([A-Za-z\u0001][A-Za-z0-9+.\-\u0001]*):\/\/([^\s:/?#@[\]]*):([^\s/?#@]+)@([^\s/?#@]*)/g;
var DEFAULT_PLACEHOLDERS = [
  "\\{[^{}]*\\}",
  // {password}, {}, {0}, {cfg.pw!r}
  "\\{\\{[^{}]*\\}\\}",
  // {{ password }} (Jinja)
  "<[^<>]*>",
  // <password>
  "\\$\\{[^{}]*\\}",
  // ${PGPASSWORD}
  "\\$\\w+",
  // $PASS (string.Template)
  "%(?:\\([^)]*\\))?[a-z]",
  // %s, %(pw)s
  "\\*+",
  // ***
  "x+",
  // xxx, XXX
  "\\.{3,}|\u2026",
  // ...
  // the word itself, or with punctuation after it (`password!@#`, `pass]123`): test data for maskers
  "(?:password|passwd|pass|pwd)(?:[^A-Za-z0-9\\s][^A-Za-z\\s]*)?"
];
function literalText(node, source) {
  const chars = source.slice(node.startIndex, node.endIndex).split("");
  const fill = (from, char) => {
    for (let i = from.startIndex - node.startIndex; i < from.endIndex - node.startIndex; i++) chars[i] = char;
  };
  for (const child of node.children) {
    if (!child) continue;
    switch (child.type) {
      case "interpolation":
        fill(child, DYNAMIC);
        break;
      case "string_content":
        for (const part of child.namedChildren) if (part?.type === "escape_sequence") fill(part, BREAK);
        break;
      default:
        fill(child, BREAK);
    }
  }
  return chars.join("");
}
var credentials_in_url_default = defineRule({
  code: "PTL303",
  name: "credentials-in-url",
  agent: "python-security-reviewer",
  severity: "error",
  enabledByDefault: true,
  security: { cwe: [798], severity: 7.5 },
  testCode: "ignore",
  docs: {
    summary: "A string literal holds a URL with a password in it (`rtsp://admin:secret@10.0.0.5/stream`) (CWE-798).",
    why: 'Camera streams, feature databases, brokers and caches are reached through URLs, and the quick way to get a pipeline running is to paste the password into one. From then on the password is in every clone, fork, CI log and notebook export of the repository, and in its history after it is "removed"; IP-camera and database credentials leaked this way are rarely rotated, because the devices are shared by several teams. Build the URL at run time from the environment or a secret store. Placeholders (`{password}`, `<password>`, `${PGPASSWORD}`, `%s`, `***`, the word `password`, alone or followed by punctuation) and f-string interpolations are not reported; the placeholder patterns are the `placeholders` option. Not reported in test code, where URLs with dummy passwords are the input of the code that parses or masks them.',
    bad: 'import cv2\n\ncap = cv2.VideoCapture("rtsp://admin:Hik12345@192.168.1.64:554/Streaming/Channels/101")\n',
    good: `import os

import cv2

cap = cv2.VideoCapture(f"rtsp://{os.environ['CAM_USER']}:{os.environ['CAM_PASSWORD']}@192.168.1.64:554/Streaming/Channels/101")
`
  },
  options: external_exports.object({
    placeholders: external_exports.array(external_exports.string().refine(isValidRegex, { message: "not a valid regular expression" })).default(DEFAULT_PLACEHOLDERS).describe("regular expressions for passwords that are placeholders, matched against the whole password, ignoring case")
  }).strict(),
  messages: {
    password: "URL `{{scheme}}://{{user}}:***@{{host}}` holds a password in source; read it from the environment or a secret store"
  },
  textTriggers: { string: /:\/\// },
  create(ctx) {
    const placeholders = ctx.options.placeholders.map((source2) => new RegExp(`^(?:${source2})$`, "i"));
    const source = ctx.file.source;
    return {
      string(node) {
        const raw = source.slice(node.startIndex, node.endIndex);
        if (!raw.includes("://") || !raw.includes("@")) return;
        const text = literalText(node, source);
        for (const match of text.matchAll(URL_WITH_PASSWORD)) {
          const password = match[3];
          if (password.includes(DYNAMIC)) continue;
          if (placeholders.some((p) => p.test(password))) continue;
          const start = node.startIndex + match.index;
          const end = start + match[0].length;
          const schemeEnd = start + match[1].length;
          const userStart = schemeEnd + 3;
          const userEnd = userStart + match[2].length;
          const hostStart = end - match[4].length;
          ctx.report({
            span: { start, end },
            messageId: "password",
            data: {
              scheme: source.slice(start, schemeEnd),
              user: source.slice(userStart, userEnd),
              host: source.slice(hostStart, end)
            }
          });
        }
      }
    };
  }
});

// rules/python-security-reviewer/image-bomb-check-disabled.ts
var image_bomb_check_disabled_exports = {};
__export(image_bomb_check_disabled_exports, {
  default: () => image_bomb_check_disabled_default
});
var LIMIT = "PIL.Image.MAX_IMAGE_PIXELS";
var PILLOW_DEFAULT = 89478485n;
var UNBOUNDED = 2n ** 31n;
var HUGE_NAMES = /* @__PURE__ */ new Set(["math.inf", "numpy.inf", "numpy.Inf", "numpy.infty", "sys.maxsize", "torch.inf"]);
function atLeast(value, bound) {
  return typeof value === "bigint" ? value >= bound : value >= Number(bound);
}
function numberLiteral(node) {
  const text = node.text.replace(/_/g, "");
  if (node.type === "integer") {
    if (/[jJ]$/.test(text)) return null;
    try {
      return BigInt(text.replace(/[lL]$/, "").replace(/^0(?=\d)/, "") || "0");
    } catch {
      return null;
    }
  }
  if (node.type === "float") {
    if (/[jJ]$/.test(text)) return null;
    const n = Number(text);
    return Number.isFinite(n) && Number.isInteger(n) && Math.abs(n) < 2 ** 53 ? BigInt(n) : n;
  }
  return null;
}
function combine(op, a, b) {
  if (typeof a === "bigint" && typeof b === "bigint" && op !== "/") {
    switch (op) {
      case "+":
        return a + b;
      case "-":
        return a - b;
      case "*":
        return a * b;
      case "**":
        return b >= 0n && b <= 4096n ? a ** b : null;
      case "<<":
        return b >= 0n && b <= 4096n ? a << b : null;
      case "//":
        return b === 0n ? null : a / b - (a % b !== 0n && a < 0n !== b < 0n ? 1n : 0n);
      default:
        return null;
    }
  }
  const x = Number(a);
  const y = Number(b);
  switch (op) {
    case "+":
      return x + y;
    case "-":
      return x - y;
    case "*":
      return x * y;
    case "**":
      return x ** y;
    case "/":
      return y === 0 ? null : x / y;
    default:
      return null;
  }
}
var image_bomb_check_disabled_default = defineRule({
  code: "PTL307",
  name: "image-bomb-check-disabled",
  agent: "python-security-reviewer",
  severity: "warning",
  enabledByDefault: true,
  precision: "very-high",
  security: { cwe: [400], severity: 6.5 },
  testCode: "ignore",
  docs: {
    summary: "`PIL.Image.MAX_IMAGE_PIXELS = None` (or a limit of 2**31 pixels or more) turns off Pillow's decompression-bomb check (CWE-400).",
    why: "Pillow refuses to decode an image whose header claims more than `MAX_IMAGE_PIXELS` pixels (about 89 million by default; it warns above the limit and raises above twice it), because a PNG of a few kilobytes can declare a 50,000 x 50,000 canvas that takes gigabytes to decode. Setting the limit to `None`, infinity or billions of pixels switches the check off for the whole process, so one uploaded or scraped image can exhaust the memory of a dataloader worker or an inference server. Where large images are expected (whole-slide pathology, satellite tiles), raise the limit to a bound that fits the machine \u2014 `Image.MAX_IMAGE_PIXELS = 400_000_000` \u2014 or open such files with a tiled reader. A limit read from a variable is not reported (nothing says how large it is). Not reported in test code, which decodes the project's own fixture images.",
    bad: 'from PIL import Image\n\nImage.MAX_IMAGE_PIXELS = None\n\n\ndef load(path):\n    return Image.open(path).convert("RGB")\n',
    good: 'from PIL import Image\n\n# Slides are up to 20k x 20k: allow that, and no more.\nImage.MAX_IMAGE_PIXELS = 400_000_000\n\n\ndef load(path):\n    return Image.open(path).convert("RGB")\n'
  },
  textTriggers: { assignment: /MAX_IMAGE_PIXELS/, augmented_assignment: /MAX_IMAGE_PIXELS/ },
  callees: ["setattr"],
  options: external_exports.object({}).strict(),
  messages: {
    disabled: "`{{target}} = {{value}}` turns off Pillow's decompression-bomb check for the whole process: a small crafted image can then take gigabytes to decode; set a bounded limit (e.g. `400_000_000`) that fits the machine",
    huge: "`{{target}} = {{value}}` allows {{pixels}} pixels, which bounds nothing a decoder can allocate: a small crafted image can then take gigabytes to decode; set a limit below 2**31 that fits the machine"
  },
  create(ctx) {
    function pixels(node, ancestors, depth = 0) {
      if (depth > 8) return null;
      switch (node.type) {
        case "none":
          return Infinity;
        case "integer":
        case "float":
          return numberLiteral(node);
        case "parenthesized_expression": {
          const inner = node.namedChildren.find((c) => c !== null && c.type !== "comment");
          return inner ? pixels(inner, ancestors, depth + 1) : null;
        }
        case "unary_operator": {
          const operand = node.childForFieldName("argument");
          const value = operand ? pixels(operand, ancestors, depth + 1) : null;
          if (value === null || !/^[-+]/.test(node.text)) return null;
          return node.text.startsWith("-") ? -value : value;
        }
        case "binary_operator": {
          const left = node.childForFieldName("left");
          const right = node.childForFieldName("right");
          const op = node.childForFieldName("operator")?.text;
          const a = left ? pixels(left, ancestors, depth + 1) : null;
          const b = right ? pixels(right, ancestors, depth + 1) : null;
          return a === null || b === null || !op ? null : combine(op, a, b);
        }
        case "call": {
          const callee = ctx.model.calleeName(node, ancestors);
          const args = positionalArguments(node);
          if (args.length !== 1) return null;
          const only = args[0];
          if (callee === "float" && /^[-+]?(?:inf|infinity)$/i.test(stringValue(only, true)?.trim() ?? "")) {
            return stringValue(only, true).trim().startsWith("-") ? -Infinity : Infinity;
          }
          if (callee === "int" || callee === "float") {
            const value = pixels(only, ancestors, depth + 1);
            if (value === null) return null;
            if (callee === "float" || typeof value === "bigint") return value;
            return Number.isFinite(value) ? BigInt(Math.trunc(value)) : null;
          }
          return null;
        }
        case "identifier": {
          const value = ctx.model.valueBefore(node, ancestors, node.startIndex);
          if (value) return pixels(value, ancestors, depth + 1);
          return HUGE_NAMES.has(ctx.model.qualifiedName(node, ancestors) ?? "") ? Infinity : null;
        }
        case "attribute":
          return HUGE_NAMES.has(ctx.model.qualifiedName(node, ancestors) ?? "") ? Infinity : null;
        default:
          return null;
      }
    }
    function check(reportOn, target, written, value) {
      if (value === null || !atLeast(value, UNBOUNDED)) return;
      const valueText = written.replace(/#[^\n]*/g, "").replace(/\s+/g, " ").replace(/\(\s/g, "(").replace(/\s\)/g, ")");
      const unbounded = value === Infinity;
      ctx.report({
        node: reportOn,
        messageId: unbounded ? "disabled" : "huge",
        data: { target, value: valueText, pixels: typeof value === "bigint" ? value.toString() : String(value) }
      });
    }
    function isLimit(node) {
      return node?.type === "attribute" && ctx.model.qualifiedName(node, ctx.ancestors) === LIMIT;
    }
    return {
      assignment(node) {
        const left = node.childForFieldName("left");
        if (!isLimit(left)) return;
        let right = node.childForFieldName("right");
        while (right?.type === "assignment") right = right.childForFieldName("right");
        if (!right) return;
        check(node, left.text, right.text, pixels(right, ctx.ancestors));
      },
      augmented_assignment(node) {
        const left = node.childForFieldName("left");
        const right = node.childForFieldName("right");
        const op = node.childForFieldName("operator")?.text.replace(/=$/, "");
        if (!isLimit(left) || !right || !op) return;
        const factor = pixels(right, ctx.ancestors);
        const value = factor === null ? null : combine(op, PILLOW_DEFAULT, factor);
        check(node, left.text, `${left.text} ${op} ${right.text}`, value);
      },
      call(node) {
        if (ctx.model.calleeName(node, ctx.ancestors) !== "setattr") return;
        const owner = argument(node, "obj", 0);
        const name = argument(node, "name", 1);
        const value = argument(node, "value", 2);
        if (!owner || !name || !value || stringValue(name, true) !== "MAX_IMAGE_PIXELS") return;
        if (ctx.model.qualifiedName(owner, ctx.ancestors) !== "PIL.Image") return;
        check(node, `${owner.text}.MAX_IMAGE_PIXELS`, value.text, pixels(value, ctx.ancestors));
      }
    };
  }
});

// rules/python-security-reviewer/insecure-ipc-listener.ts
var insecure_ipc_listener_exports = {};
__export(insecure_ipc_listener_exports, {
  default: () => insecure_ipc_listener_default
});
var LISTENER = "multiprocessing.connection.Listener";
var CLIENT = "multiprocessing.connection.Client";
var MANAGERS = new Set(
  ["BaseManager", "SyncManager", "SharedMemoryManager"].map((name) => `multiprocessing.managers.${name}`)
);
var CONSTRUCTOR_NAMES = /* @__PURE__ */ new Set(["Listener", "Client", "BaseManager", "SyncManager", "SharedMemoryManager"]);
var CURRENT_PROCESS = new Set(
  ["multiprocessing", "multiprocessing.process", "torch.multiprocessing"].map((m) => `${m}.current_process`)
);
var EXPOSURE = ["wildcard", "host", "unknown", "loopback", "local"];
var SIGNATURES = {
  listener: { family: 1, authkey: 3 },
  client: { family: 1, authkey: 2 },
  manager: { family: void 0, authkey: 1 }
};
function hostReach(host) {
  const h = host.trim().toLowerCase();
  if (h === "" || h === "0.0.0.0" || h === "::" || h === "*") return { kind: "wildcard", host };
  if (h === "localhost" || h === "ip6-localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h) || h === "0:0:0:0:0:0:0:1") return { kind: "loopback", host };
  return { kind: "host", host };
}
function shorten2(text) {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > 40 ? `${flat.slice(0, 37)}...` : flat;
}
var insecure_ipc_listener_default = defineRule({
  code: "PTL306",
  name: "insecure-ipc-listener",
  agent: "python-security-reviewer",
  severity: "error",
  enabledByDefault: true,
  precision: "high",
  security: { cwe: [306, 798], severity: 8.1 },
  testCode: "ignore",
  docs: {
    summary: "`multiprocessing.connection.Listener` / `Client` and `multiprocessing.managers` servers reachable from the network without an `authkey`, or with a hard-coded one: they unpickle what they receive (CWE-306, CWE-798).",
    why: 'A `multiprocessing.connection` channel sends pickles: `conn.recv()` and every manager request unpickle what the peer sent, so whoever completes the connection runs code in the process. The only gate is the HMAC handshake keyed by `authkey`. A `Listener` or `Client` without an `authkey` (or with `None` or `b""`) does no handshake at all \u2014 on `("0.0.0.0", port)`, `("", port)` or a LAN address that is remote code execution for anyone who reaches the port (CWE-306). A key written in the code (`authkey=b"secret"`, `"secret".encode()`, a module constant, `current_process().authkey = b"..."`) is known to everyone who can read the repository or the wheel (CWE-798), on loopback as much as on the network: any local user or container sharing the host can then pass the handshake. Bind `127.0.0.1` or an AF_UNIX path, and take the key from the environment, a secrets store, `os.urandom(32)` or `secrets.token_bytes(32)` handed to the peers. Not reported: loopback and AF_UNIX channels with such a key, `Pipe()`, a host passed in as a parameter (nothing proves it is exposed), and a manager without `authkey` (it then uses the process\'s random key). Subclasses of `BaseManager` defined in the file are followed. Not reported in test code: a test\'s listener lives for the test, and its key is a fixture, not a secret.',
    bad: 'from multiprocessing.connection import Listener\n\nlistener = Listener(("0.0.0.0", 6000))\nconn = listener.accept()\ntask = conn.recv()\n',
    good: 'import os\nfrom multiprocessing.connection import Listener\n\nlistener = Listener(("127.0.0.1", 6000), authkey=os.environb[b"WORKER_AUTHKEY"])\nconn = listener.accept()\ntask = conn.recv_bytes()\n'
  },
  options: external_exports.object({}).strict(),
  messages: {
    noAuth: "`{{callee}}` listens on {{where}} {{without}}, so there is no handshake (missing authentication, CWE-306): anyone who reaches the port connects, and what they send is unpickled \u2014 remote code execution; bind `127.0.0.1` or an AF_UNIX path and pass an `authkey` from the environment or `secrets.token_bytes(32)`",
    noAuthClient: "`{{callee}}` connects to {{where}} {{without}}, so there is no handshake (missing authentication, CWE-306): whoever answers at that address is trusted, and its replies are unpickled; pass an `authkey` from the environment that the server checks too",
    hardcodedKey: "`{{callee}}` uses a hard-coded `authkey` (`{{key}}`){{where}} (hard-coded credential, CWE-798): anyone who can read the code passes the handshake on either end, and what is then sent is unpickled \u2014 code execution; read the key from the environment or a secrets store, or generate it with `secrets.token_bytes(32)`",
    processKey: "`{{target}}` is set to a hard-coded key (`{{key}}`) (hard-coded credential, CWE-798): every manager of the process (and of the children it starts) then authenticates with a key anyone who reads the code knows, and what they send is unpickled; read it from the environment or a secrets store"
  },
  textTriggers: { assignment: /\bauthkey\b/ },
  create(ctx) {
    let managerSubclasses;
    function localManagerNames() {
      managerSubclasses ??= new Set(ctx.model.classes.filter((c) => ctx.model.inheritsFrom(c.qname, MANAGERS)).map((c) => c.name));
      return managerSubclasses;
    }
    function roleOf(callee) {
      if (callee === LISTENER) return "listener";
      if (callee === CLIENT) return "client";
      if (MANAGERS.has(callee)) return "manager";
      if (ctx.model.classByQname(callee) && ctx.model.inheritsFrom(callee, MANAGERS)) return "manager";
      return null;
    }
    function valueOf(node, ancestors) {
      return node.type === "identifier" ? ctx.model.valueBefore(node, ancestors, node.startIndex) : null;
    }
    function reachOf(address, family, ancestors, depth = 0) {
      const familyName = family ? stringValue(family, true) ?? family.text : "";
      if (/AF_UNIX|AF_PIPE/.test(familyName)) return { kind: "local" };
      if (!address || address.type === "none") return { kind: "local" };
      if (depth > 4) return { kind: "unknown" };
      if (stringValue(address, true) !== null) return { kind: "local" };
      if (address.type === "parenthesized_expression") {
        const inner = address.namedChildren.find((c) => c !== null && c.type !== "comment");
        return inner ? reachOf(inner, family, ancestors, depth + 1) : { kind: "unknown" };
      }
      if (address.type === "tuple" || address.type === "list") {
        const host = address.namedChildren.find((c) => c !== null && c.type !== "comment");
        return host ? hostOf(host, ancestors, depth + 1) : { kind: "unknown" };
      }
      const value = valueOf(address, ancestors);
      return value ? reachOf(value, family, ancestors, depth + 1) : { kind: "unknown" };
    }
    function hostOf(host, ancestors, depth) {
      if (depth > 6) return { kind: "unknown" };
      const literal = stringValue(host, true);
      if (literal !== null) return hostReach(literal);
      if (host.type === "conditional_expression") {
        const branches = host.namedChildren.filter((c) => c !== null && c.type !== "comment");
        const reaches = [branches[0], branches[2]].map((b) => b ? hostOf(b, ancestors, depth + 1) : { kind: "unknown" });
        return EXPOSURE.map((kind) => reaches.find((r) => r.kind === kind)).find((r) => r !== void 0) ?? { kind: "unknown" };
      }
      const value = valueOf(host, ancestors);
      return value ? hostOf(value, ancestors, depth + 1) : { kind: "unknown" };
    }
    function keyOf(key, ancestors, depth = 0) {
      if (!key) return { kind: "absent" };
      if (key.type === "none") return { kind: "none" };
      if (depth > 4) return { kind: "other" };
      const literal = stringValue(key, true);
      if (literal !== null) return literal === "" ? { kind: "empty" } : { kind: "literal", text: key.text };
      if (key.type === "parenthesized_expression") {
        const inner2 = key.namedChildren.find((c) => c !== null && c.type !== "comment");
        return inner2 ? keyOf(inner2, ancestors, depth + 1) : { kind: "other" };
      }
      if (key.type === "call") {
        const fn = key.childForFieldName("function");
        const first = key.childForFieldName("arguments")?.namedChildren.find((c) => c !== null && c.type !== "comment") ?? null;
        if (fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "encode") {
          const object = fn.childForFieldName("object");
          const inner2 = object ? keyOf(object, ancestors, depth + 1) : { kind: "other" };
          return inner2.kind === "literal" ? { kind: "literal", text: key.text } : inner2.kind === "empty" ? inner2 : { kind: "other" };
        }
        const callee = ctx.model.calleeName(key, ancestors);
        if ((callee === "bytes" || callee === "bytes.fromhex" || callee === "bytearray") && first && first.type !== "keyword_argument") {
          const inner2 = keyOf(first, ancestors, depth + 1);
          return inner2.kind === "literal" ? { kind: "literal", text: key.text } : inner2.kind === "empty" ? inner2 : { kind: "other" };
        }
        return { kind: "other" };
      }
      const value = valueOf(key, ancestors);
      if (!value) return { kind: "other" };
      const inner = keyOf(value, ancestors, depth + 1);
      return inner.kind === "literal" ? { kind: "literal", text: `${key.text} = ${inner.text}` } : inner;
    }
    function describe(reach) {
      if (reach.kind === "wildcard") return `every interface (\`${JSON.stringify(reach.host ?? "")}\`)`;
      return `\`${JSON.stringify(reach.host ?? "")}\``;
    }
    function withoutKey(key) {
      if (key.kind === "none") return "with `authkey=None`";
      if (key.kind === "empty") return "with an empty `authkey`";
      return "without an `authkey`";
    }
    return {
      call(node) {
        const names = ctx.model.calleeLastNames(node);
        if (!names.some((n) => CONSTRUCTOR_NAMES.has(n) || localManagerNames().has(n))) return;
        const callee = ctx.model.calleeName(node, ctx.ancestors);
        const role = callee ? roleOf(callee) : null;
        if (!role) return;
        const signature = SIGNATURES[role];
        const written = (ctx.model.calleeParts(node) ?? [callee.slice(callee.lastIndexOf(".") + 1)]).join(".");
        const keyNode = argument(node, "authkey", signature.authkey);
        const key = !keyNode && hasSplat(node) ? { kind: "other" } : keyOf(keyNode, ctx.ancestors);
        const family = signature.family === void 0 ? null : argument(node, "family", signature.family);
        const address = argument(node, "address", 0);
        const reach = !address && hasSplat(node) ? { kind: "unknown" } : reachOf(address, family, ctx.ancestors);
        if (key.kind === "literal" || role === "manager" && key.kind === "empty") {
          const where = reach.kind === "wildcard" || reach.kind === "host" ? ` and ${role === "client" ? "connects to" : "listens on"} ${describe(reach)}` : "";
          ctx.report({ node, messageId: "hardcodedKey", data: { callee: written, key: shorten2(key.kind === "literal" ? key.text : keyNode?.text ?? ""), where } });
          return;
        }
        if (role === "manager" || key.kind !== "absent" && key.kind !== "none" && key.kind !== "empty") return;
        if (role === "listener" && (reach.kind === "wildcard" || reach.kind === "host")) {
          ctx.report({ node, messageId: "noAuth", data: { callee: written, where: describe(reach), without: withoutKey(key) } });
        } else if (role === "client" && reach.kind === "host") {
          ctx.report({ node, messageId: "noAuthClient", data: { callee: written, where: describe(reach), without: withoutKey(key) } });
        }
      },
      assignment(node) {
        const left = node.childForFieldName("left");
        if (left?.type !== "attribute" || left.childForFieldName("attribute")?.text !== "authkey") return;
        const object = left.childForFieldName("object");
        if (object?.type !== "call" || !CURRENT_PROCESS.has(ctx.model.calleeName(object, ctx.ancestors) ?? "")) return;
        let right = node.childForFieldName("right");
        while (right?.type === "assignment") right = right.childForFieldName("right");
        const key = keyOf(right, ctx.ancestors);
        if (key.kind !== "literal" && key.kind !== "empty") return;
        ctx.report({ node, messageId: "processKey", data: { target: left.text.replace(/\s+/g, ""), key: shorten2(key.kind === "literal" ? key.text : right.text) } });
      }
    };
  }
});

// rules/python-security-reviewer/trust-remote-code.ts
var trust_remote_code_exports = {};
__export(trust_remote_code_exports, {
  default: () => trust_remote_code_default
});
var COMMIT_SHA = /^[0-9a-fA-F]{40}$/;
var GITHUB_REPO = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9_.-]+)(?::(\S+))?$/;
var HUB_ENTRY_POINTS = /* @__PURE__ */ new Map([
  ["torch.hub.load", "repo_or_dir"],
  ["torch.hub.list", "github"],
  ["torch.hub.help", "github"]
]);
var REVISION_KEYWORDS = ["revision", "code_revision"];
function ignoresFlag(callee) {
  const parts = callee?.split(".");
  if (!parts || parts.length < 3 || parts[0] !== "transformers" || parts.at(-1) !== "from_pretrained") return false;
  const cls = parts.at(-2);
  return !/^(?:TF|Flax)?Auto/.test(cls) && /(?:Config|Model|For[A-Z]\w*)$/.test(cls);
}
var trust_remote_code_default = defineRule({
  code: "PTL304",
  name: "trust-remote-code",
  agent: "python-security-reviewer",
  severity: "error",
  enabledByDefault: true,
  precision: "very-high",
  security: { cwe: [94], severity: 8.8 },
  testCode: "report",
  docs: {
    summary: '`trust_remote_code=True` without a pinned commit, and `torch.hub.load("owner/repo")` from GitHub: both run Python code from a repository someone else can change (CWE-94).',
    why: '`trust_remote_code=True` (transformers `from_pretrained`/`from_config`/`pipeline`, `datasets.load_dataset`, `vllm.LLM`, `SentenceTransformer`, or any other call) imports the modelling code that ships in the model repository (spelt `trust_remote_code=True` or `**{"trust_remote_code": True}`), and `torch.hub.load("owner/repo", ...)` (like `torch.hub.list` and `torch.hub.help`) imports the GitHub repository\'s `hubconf.py`. Either way the code runs with the process\'s rights, and it is whatever the repository holds at that moment: a new commit to the default branch, a moved tag or a taken-over account changes what runs on the next cold start, with nobody reviewing it. Pin the commit you reviewed \u2014 `revision="<40-hex commit>"` (or `code_revision=`) next to `trust_remote_code=True`, `"owner/repo:<40-hex commit>"` for the hub \u2014 or vendor the reviewed code into the project and import its classes (`source="local"` for the hub). A branch or tag name (`revision="main"`, `"v1.0"`) is not a pin, and a local model directory is no better than the hub: its code is whatever was downloaded into it. transformers\' concrete config and model classes (`LlamaForCausalLM`, `GenerationConfig`) ignore the flag and are not reported. A value decided at run time (`trust_remote_code=args.trust_remote_code`) is the operator\'s choice and is not reported. `torch.hub.load(..., trust_repo=True)` on an unpinned repository is left to PTL301, which reports that call already with the same advice. Reported in test code too: a test that loads remote code runs it on the CI machine, next to its secrets. No fix: only the user knows which commit they reviewed.',
    bad: 'from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("THUDM/chatglm3-6b", trust_remote_code=True)\n',
    good: 'from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained(\n    "THUDM/chatglm3-6b",\n    trust_remote_code=True,\n    revision="e46a14881eae613281abbd266ee918e93a56018f",  # the commit whose modelling code we reviewed\n)\n'
  },
  options: external_exports.object({}).strict(),
  messages: {
    trustRemoteCode: '`trust_remote_code=True` runs the Python code shipped in the model repository, at whatever commit it holds today; pin the reviewed commit with `revision="<40-hex sha>"`, or vendor the modelling code and import its classes',
    trustRemoteCodeRef: "`trust_remote_code=True` with `{{keyword}}={{value}}` runs code from a ref that is not a full commit sha (a branch or tag can be moved); pin a full 40-hex commit sha",
    hubGithub: '`{{callee}}("{{repo}}")` downloads the GitHub repository at its default branch and runs its `hubconf.py`; pin a reviewed commit (`"{{repo}}:<40-hex sha>"`) or vendor it and use `source="local"`',
    hubGithubRef: '`{{callee}}("{{repo}}:{{ref}}")` runs `hubconf.py` from a ref that is not a full commit sha (a branch or tag can be moved); pin a full 40-hex commit sha'
  },
  textTriggers: {
    keyword_argument: /trust_remote_code/,
    dictionary_splat: /trust_remote_code/
  },
  callees: ["load", "list", "help"],
  create(ctx) {
    function revisionOf(call, dict) {
      let ref = null;
      for (const keyword2 of REVISION_KEYWORDS) {
        for (const value of [argument(call, keyword2), dict ? dictValue(dict, keyword2) : null]) {
          if (!value) continue;
          const text = ctx.model.constantText(value, ctx.ancestors, call.startIndex);
          if (text !== null && isCommitShaLiteral(text)) return "pinned";
          if (text !== null && /^[rRuU]?["']/.test(text)) ref ??= { keyword: keyword2, value: text };
        }
      }
      return ref;
    }
    function reportFlag(flag, call, dict) {
      if (ignoresFlag(ctx.model.calleeName(call, ctx.ancestors))) return;
      const ref = revisionOf(call, dict);
      if (ref === "pinned") return;
      ctx.report(ref ? { node: flag, messageId: "trustRemoteCodeRef", data: ref } : { node: flag, messageId: "trustRemoteCode" });
    }
    return {
      keyword_argument(node) {
        if (node.childForFieldName("name")?.text !== "trust_remote_code") return;
        if (!isTruthyLiteral(node.childForFieldName("value"))) return;
        const call = node.parent?.parent;
        if (call?.type !== "call") return;
        reportFlag(node, call, null);
      },
      // `f(**{"trust_remote_code": True})`: the same flag spelt as a dict literal.
      dictionary_splat(node) {
        const dict = node.namedChild(0);
        if (dict?.type !== "dictionary") return;
        const call = node.parent?.parent;
        if (call?.type !== "call") return;
        for (const pair of dict.namedChildren) {
          if (pair?.type !== "pair" || stringValue(pair.childForFieldName("key")) !== "trust_remote_code") continue;
          if (isTruthyLiteral(pair.childForFieldName("value"))) reportFlag(pair, call, dict);
        }
      },
      call(node) {
        const callee = ctx.model.calleeName(node, ctx.ancestors);
        const repoParameter = callee === null ? void 0 : HUB_ENTRY_POINTS.get(callee);
        if (!callee || !repoParameter) return;
        const source = argument(node, "source");
        if (source && stringValue(source) !== "github") return;
        if (callee === "torch.hub.load" && argument(node, "trust_repo")?.type === "true") return;
        const repoArg = argument(node, repoParameter, 0);
        if (!repoArg) return;
        const spec = stringValue(repoArg) ?? (repoArg.type === "identifier" ? constantString(repoArg) : null);
        const match = spec === null ? null : GITHUB_REPO.exec(spec);
        if (!match) return;
        const [, owner, repo, ref] = match;
        if (ref !== void 0 && COMMIT_SHA.test(ref)) return;
        const data = { callee, repo: `${owner}/${repo}` };
        ctx.report(ref === void 0 ? { node, messageId: "hubGithub", data } : { node, messageId: "hubGithubRef", data: { ...data, ref } });
      }
    };
    function constantString(name) {
      const value = ctx.model.valueBefore(name, ctx.ancestors, name.startIndex);
      if (value) return stringValue(value);
      const text = ctx.model.moduleValueText(name.text);
      const quoted = text === null ? null : /^(["'])([^"'\\]*)\1$/.exec(text);
      return quoted ? quoted[2] : null;
    }
  }
});
function dictValue(dict, key) {
  for (const pair of dict.namedChildren) {
    if (pair?.type === "pair" && stringValue(pair.childForFieldName("key")) === key) return pair.childForFieldName("value");
  }
  return null;
}

// rules/python-security-reviewer/unpinned-hub-download.ts
var unpinned_hub_download_exports = {};
__export(unpinned_hub_download_exports, {
  default: () => unpinned_hub_download_default
});
var HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;
var FILE_EXTENSION = /\.(?:pt|pth|bin|ckpt|safetensors|onnx|engine|plan|trt|tflite|pb|h5|keras|gguf|ggml|pkl|pickle|joblib|npy|npz|json|jsonl|ya?ml|toml|txt|csv|tsv|parquet|arrow|zip|tar|gz|tgz|py|model)$/i;
var HUB_LIBRARIES = /* @__PURE__ */ new Set([
  "transformers",
  "diffusers",
  "peft",
  "optimum",
  "sentence_transformers",
  "setfit",
  "tokenizers",
  "trl",
  "auto_gptq",
  "gptqmodel",
  "awq"
]);
var DOWNLOADS = /* @__PURE__ */ new Map([
  ["hf_hub_download", { root: "huggingface_hub", parameter: "repo_id" }],
  ["snapshot_download", { root: "huggingface_hub", parameter: "repo_id" }],
  ["load_dataset", { root: "datasets", parameter: "path" }]
]);
function isHubId(id) {
  return HUB_ID.test(id) && !FILE_EXTENSION.test(id);
}
var unpinned_hub_download_default = defineRule({
  code: "PTL305",
  name: "unpinned-hub-download",
  agent: "python-security-reviewer",
  severity: "warning",
  enabledByDefault: false,
  precision: "high",
  // CWE-494, Download of Code Without Integrity Check: the commit sha is the integrity check a hub
  // download can have (the hub serves content by commit), and what is fetched carries code —
  // pickled `.bin` weights, `auto_map` modules, dataset scripts. CVSS 3.1 AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:N:
  // the attacker needs the upstream repository (high complexity); what they push is what is served.
  security: { cwe: [494], severity: 5.9 },
  testCode: "ignore",
  docs: {
    summary: '`from_pretrained`, `hf_hub_download`, `snapshot_download` or `load_dataset` with a literal hub id (`"org/name"`) and no `revision=` commit sha: what is loaded is whatever the repository holds that day (CWE-494). Off by default.',
    why: 'A hub id without a revision resolves to the head of the repository\'s default branch at download time. The owner \u2014 or whoever takes over their account or token \u2014 can push new weights, a new tokenizer, new `auto_map` code or a new dataset script at any time, and every cold start after that serves it: a silent change of the model in production, or code execution when the files carry pickles or code. Branch and tag names (`revision="main"`, `"v1.0"`) move too. Pin the commit you evaluated: `revision="<40-hex commit sha>"` (the hub serves content by commit), and bump it deliberately. Only literal `org/name` ids are checked: local paths (`./`, `/`, `~`, file names such as `weights/best.pt`), `Path(...)`, f-strings and variables are someone else\'s decision, and so is a `revision=` given at run time or a call with `**kwargs` that may carry one; `local_files_only=True` downloads nothing. Off by default (Bandit B615 is the same check): it is release hygiene, and many teams pin through a lock file or a mirror instead. Not reported in test code, where tiny hub fixtures are loaded by id on purpose. No fix: only the user knows which commit they evaluated.',
    bad: 'from transformers import AutoTokenizer\n\ntokenizer = AutoTokenizer.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")\n',
    good: 'from transformers import AutoTokenizer\n\ntokenizer = AutoTokenizer.from_pretrained(\n    "meta-llama/Llama-3.1-8B-Instruct",\n    revision="0e9e39f249a16976918f6564b8830bc894c89659",  # the commit we evaluated\n)\n'
  },
  options: external_exports.object({}).strict(),
  messages: {
    unpinned: '`{{callee}}("{{id}}")` loads whatever the hub repository holds on its default branch today; pin the commit you evaluated with `revision="<40-hex sha>"`',
    movableRef: '`{{callee}}("{{id}}")` with `revision={{ref}}` loads a branch or tag the repository owner can move; pin a full 40-hex commit sha'
  },
  callees: ["from_pretrained", "hf_hub_download", "snapshot_download", "load_dataset"],
  create(ctx) {
    function hubIdArgument(call, callee, last) {
      const root = callee.split(".")[0];
      if (last === "from_pretrained") {
        if (!HUB_LIBRARIES.has(root)) return null;
        if (root === "peft" && /\.PeftModel\w*\.from_pretrained$/.test(callee)) return argument(call, "model_id", 1);
        return argument(call, "pretrained_model_name_or_path", 0);
      }
      const download = DOWNLOADS.get(last);
      return download && root === download.root ? argument(call, download.parameter, 0) : null;
    }
    function revisionOf(call) {
      const revision = argument(call, "revision");
      if (!revision) return hasSplat(call) ? "dynamic" : "absent";
      const text = ctx.model.constantText(revision, ctx.ancestors, call.startIndex);
      if (text !== null && isCommitShaLiteral(text)) return "pinned";
      if (text !== null && /^[rRuU]?["']/.test(text)) return { ref: text };
      return "dynamic";
    }
    return {
      call(node) {
        const callee = ctx.model.calleeName(node, ctx.ancestors);
        const last = callee?.split(".").at(-1);
        if (!callee || !last) return;
        const id = stringValue(hubIdArgument(node, callee, last));
        if (id === null || !isHubId(id)) return;
        if (argument(node, "local_files_only")?.type === "true") return;
        const revision = revisionOf(node);
        if (revision === "pinned" || revision === "dynamic") return;
        const shown = ctx.model.calleeParts(node)?.join(".") ?? last;
        if (revision === "absent") ctx.report({ node, messageId: "unpinned", data: { callee: shown, id } });
        else ctx.report({ node, messageId: "movableRef", data: { callee: shown, id, ref: revision.ref } });
      }
    };
  }
});

// rules/python-security-reviewer/unsafe-deserialization.ts
var unsafe_deserialization_exports = {};
__export(unsafe_deserialization_exports, {
  default: () => unsafe_deserialization_default
});
var PICKLE_MODULES = ["pickle", "_pickle", "dill", "cloudpickle"];
var PICKLE_LOADS = new Set(PICKLE_MODULES.flatMap((m) => [`${m}.load`, `${m}.loads`]));
var UNPICKLERS = new Set(PICKLE_MODULES.map((m) => `${m}.Unpickler`));
var YAML_LOADS = /* @__PURE__ */ new Set(["yaml.load", "yaml.load_all"]);
var YAML_UNSAFE_LOADS = /* @__PURE__ */ new Set(["yaml.unsafe_load", "yaml.unsafe_load_all"]);
var KERAS_SAFE_MODE_POSITIONS = new Map(
  ["keras", "tensorflow.keras", "tf_keras"].flatMap((k) => [
    // load_model(filepath, custom_objects=None, compile=True, safe_mode=True)
    [`${k}.models.load_model`, 3],
    [`${k}.saving.load_model`, 3],
    // deserialize_keras_object(config, custom_objects=None, safe_mode=True)
    [`${k}.saving.deserialize_keras_object`, 2]
  ])
);
var KERAS_UNSAFE_SWITCHES = new Set(
  ["keras", "tensorflow.keras"].map((k) => `${k}.config.enable_unsafe_deserialization`)
);
var TORCH_PACKAGE_IMPORTERS = /* @__PURE__ */ new Set(["torch.package.PackageImporter", "torch.package.package_importer.PackageImporter"]);
var OBJECT_COLLECTIVES = new Set(
  ["recv_object_list", "broadcast_object_list", "scatter_object_list", "gather_object", "all_gather_object"].flatMap((f) => [
    `torch.distributed.${f}`,
    `torch.distributed.distributed_c10d.${f}`
  ])
);
var LISTENERS = /* @__PURE__ */ new Set(["multiprocessing.connection.Listener"]);
var CLIENTS = /* @__PURE__ */ new Set(["multiprocessing.connection.Client"]);
var SAFE_YAML_LOADERS = new Set(
  ["SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"].flatMap((name) => [
    `yaml.${name}`,
    `yaml.${name.startsWith("C") ? "cyaml" : "loader"}.${name}`
  ])
);
function safeLoadFix(call, callee) {
  const fn = call.childForFieldName("function");
  if (fn?.type !== "attribute") return void 0;
  const args = call.childForFieldName("arguments");
  if (!args || args.type !== "argument_list") return void 0;
  const given = args.namedChildren.filter((n) => n !== null && n.type !== "comment");
  if (given.length !== 1 || positionalArguments(call).length !== 1) return void 0;
  const attribute = fn.childForFieldName("attribute");
  if (!attribute) return void 0;
  const replacement = callee === "yaml.load_all" ? "safe_load_all" : "safe_load";
  return {
    title: `Call \`yaml.${replacement}\` instead (builds plain data only; a stream with Python-specific tags such as \`!!python/object\` will then fail to load)`,
    applicability: "unsafe",
    edits: [{ start: attribute.startIndex, end: attribute.endIndex, text: replacement }]
  };
}
function renameToSafe(call, safe) {
  const fn = call.childForFieldName("function");
  const attribute = fn?.type === "attribute" ? fn.childForFieldName("attribute") : null;
  if (!attribute) return void 0;
  const name = safe.slice(safe.lastIndexOf(".") + 1);
  return {
    title: `Call \`yaml.${name}\` instead (builds plain data only; a stream with Python-specific tags such as \`!!python/object\` will then fail to load)`,
    applicability: "unsafe",
    edits: [{ start: attribute.startIndex, end: attribute.endIndex, text: name }]
  };
}
function disallowPickle(value) {
  return {
    title: "Pass `allow_pickle=False` (loads numeric arrays only; a file holding object arrays will then fail to load)",
    applicability: "unsafe",
    edits: [{ start: value.startIndex, end: value.endIndex, text: "False" }]
  };
}
function enableSafeMode(value) {
  return {
    title: "Pass `safe_mode=True` (refuses the bytecode of Lambda layers; a model that has them will then fail to load)",
    applicability: "unsafe",
    edits: [{ start: value.startIndex, end: value.endIndex, text: "True" }]
  };
}
var unsafe_deserialization_default = defineRule({
  code: "PTL302",
  name: "unsafe-deserialization",
  agent: "python-security-reviewer",
  severity: "error",
  enabledByDefault: true,
  precision: "very-high",
  security: { cwe: [502], severity: 8.1 },
  fixable: "unsafe",
  docs: {
    summary: "Deserializers that can run code from the data they read: pickle and friends, `joblib.load`, `np.load(allow_pickle=True)`, `pd.read_pickle`, `shelve`, `jsonpickle`, `yaml.load` without a safe Loader, zmq `recv_pyobj`, `recv()` on a `multiprocessing.connection` socket, torch.distributed object collectives, `torch.package.PackageImporter`, and Keras loading with `safe_mode=False` (CWE-502).",
    why: "Unpickling calls whatever callables the file names, and an unsafe YAML loader builds arbitrary Python objects from `!!python/object` tags: opening the file is running its author's code. ML teams load exactly these files from places they do not control \u2014 feature caches and sklearn heads on shared storage, checkpoints and configs downloaded from model hubs, messages read off Redis queues \u2014 so one poisoned artefact is code execution on the training cluster or the inference fleet. Keep data in formats that cannot carry code: `json`, `yaml.safe_load`, safetensors for weights, parquet for tables, `np.load(..., allow_pickle=False)` for arrays. Where pickle is unavoidable, subclass `pickle.Unpickler` with an allow-list in `find_class` (the rule leaves such subclasses alone). The same holds on the wire: zmq `recv_pyobj()` and `recv()` on a connection accepted from a `multiprocessing.connection.Listener` (or opened with `Client`) unpickle whatever the peer sends, so anyone who can reach the port runs code; use `recv_json()` / `recv_bytes()` with msgpack or protobuf. torch.distributed's `broadcast_object_list`, `all_gather_object` and friends unpickle what other ranks send (PyTorch documents it: only with data you trust) \u2014 send tensors where you can, and keep the process group on a trusted network. `torch.package.PackageImporter` unpickles the package and runs its code; Keras `load_model(..., safe_mode=False)` and `keras.config.enable_unsafe_deserialization()` let a model file's Lambda layers carry bytecode. `recv()` on a `Pipe()` end, `recv_bytes()`, `recv_json()` and `recv_string()` are not reported. Reported in test code too: a test that unpickles a downloaded or shared artefact runs its code on the CI runner.",
    bad: 'import pickle\n\nimport yaml\n\nwith open("features.pkl", "rb") as f:\n    features = pickle.load(f)\nwith open("train.yaml") as f:\n    cfg = yaml.load(f, Loader=yaml.FullLoader)\n',
    good: 'import json\n\nimport yaml\n\nwith open("features.json") as f:\n    features = json.load(f)\nwith open("train.yaml") as f:\n    cfg = yaml.safe_load(f)\n'
  },
  options: external_exports.object({}).strict(),
  messages: {
    pickle: "`{{callee}}` runs any code the pickled data carries; never unpickle data you did not produce \u2014 use `json`, or `safetensors` for weights",
    unpickler: "`{{callee}}` runs any code the pickled data carries; subclass it with an allow-list in `find_class`, or use `json` / `safetensors`",
    joblib: "`{{callee}}` unpickles the file and runs any code it carries; store weights as `safetensors` (or ONNX) and settings as `json`",
    numpy: "`{{callee}}` with `allow_pickle={{value}}` unpickles object arrays and runs any code they carry; store numeric arrays and use `np.load(..., allow_pickle=False)`",
    pandas: "`{{callee}}` unpickles the file and runs any code it carries; store tables as parquet and use `pd.read_parquet`",
    shelve: "`{{callee}}` stores pickles and runs any code a tampered shelf carries; use `sqlite3` or `json` for the values",
    jsonpickle: "`{{callee}}` rebuilds arbitrary Python objects named in the JSON and can run code; use `json.loads` and build the objects yourself",
    yamlNoLoader: "`{{callee}}` without a safe Loader builds arbitrary Python objects from `!!python/` tags; use `yaml.safe_load` or pass `Loader=yaml.SafeLoader`",
    yamlUnsafeLoader: "`{{callee}}` with `Loader={{loader}}` builds arbitrary Python objects from `!!python/` tags; use `yaml.safe_load` or pass `Loader=yaml.SafeLoader`",
    yamlUnknownLoader: "`{{callee}}` with a Loader that cannot be shown to be safe (`{{loader}}`) may build arbitrary Python objects; pass `Loader=yaml.SafeLoader` (or a subclass of it defined here)",
    yamlUnsafe: "`{{callee}}` builds arbitrary Python objects from `!!python/` tags; use `{{safe}}`",
    zmqPyobj: "`{{receiver}}.recv_pyobj()` unpickles the message and runs any code it carries, for anyone who can reach the socket; send JSON (`recv_json`) or msgpack/protobuf bytes (`recv`/`recv_multipart`)",
    connectionRecv: "`{{receiver}}.recv()` on a `multiprocessing.connection` socket unpickles what the peer sends and runs any code it carries; exchange bytes with `recv_bytes()` and decode them as JSON or msgpack",
    objectCollective: "`{{callee}}` unpickles the objects other ranks send and runs any code they carry; only safe on a trusted process group and network \u2014 send tensors where you can",
    torchPackage: "`{{callee}}` unpickles the package's objects and runs the code it ships; import only packages you built, or ship weights as `safetensors`",
    kerasSafeMode: "`{{callee}}` with `safe_mode={{value}}` lets the model file's Lambda layers run their bytecode; keep `safe_mode=True` and rebuild such layers in code",
    kerasUnsafe: "`{{callee}}()` turns off Keras's safe mode for every later load, so a model file's Lambda layers run their bytecode; rebuild such layers in code instead"
  },
  create(ctx) {
    function isSafeLoader(qname) {
      if (SAFE_YAML_LOADERS.has(qname)) return true;
      return ctx.model.classByQname(qname) !== void 0 && ctx.model.inheritsFrom(qname, SAFE_YAML_LOADERS);
    }
    function checkYamlLoad(node, callee) {
      const loader = argument(node, "Loader", 1);
      if (!loader) {
        if (hasSplat(node)) {
          ctx.report({ node, messageId: "yamlUnknownLoader", data: { callee, loader: "**kwargs" } });
          return;
        }
        const fix = safeLoadFix(node, callee);
        ctx.report({ node, messageId: "yamlNoLoader", data: { callee }, ...fix ? { fix } : {} });
        return;
      }
      const qname = ctx.model.qualifiedName(loader, ctx.ancestors);
      if (qname === null) {
        ctx.report({ node, messageId: "yamlUnknownLoader", data: { callee, loader: loader.text } });
      } else if (!isSafeLoader(qname)) {
        ctx.report({ node, messageId: "yamlUnsafeLoader", data: { callee, loader: loader.text } });
      }
    }
    function builtBy(node, ancestors, classes) {
      const built = ctx.model.constructionsOf(node, ancestors);
      if (built.some(({ call, scope }) => classes.has(ctx.model.calleeName(call, scope) ?? ""))) return true;
      return built.length === 0 && classes.has(ctx.model.constructedBy(node, ancestors) ?? "");
    }
    let importsListener;
    function fileImportsListener() {
      importsListener ??= [...ctx.model.moduleImports.values()].some(
        (q) => q === "multiprocessing.connection" || LISTENERS.has(q) || q === "multiprocessing" && ctx.file.source.includes("connection.Listener")
      );
      return importsListener;
    }
    function isListener(listener, ancestors) {
      if (builtBy(listener, ancestors, LISTENERS)) return true;
      if (!fileImportsListener() || ctx.model.constructionsOf(listener, ancestors).length > 0) return false;
      const declared = ctx.model.constructedBy(listener, ancestors);
      return declared === null || declared === "typing.Any" || declared === "object";
    }
    function isSocketConnection(receiver, ancestors) {
      for (const { call, scope } of ctx.model.constructionsOf(receiver, ancestors)) {
        if (CLIENTS.has(ctx.model.calleeName(call, scope) ?? "")) return true;
        const method = ctx.model.methodCall(call);
        if (method?.method === "accept" && positionalArguments(call).length === 0 && isListener(method.receiver, scope)) return true;
      }
      return false;
    }
    function checkReceive(node) {
      const method = ctx.model.methodCall(node);
      if (!method) return false;
      if (method.method === "recv_pyobj") {
        ctx.report({ node, messageId: "zmqPyobj", data: { receiver: method.receiverText } });
        return true;
      }
      if (method.method === "recv" && !node.childForFieldName("arguments")?.namedChildCount && isSocketConnection(method.receiver, ctx.ancestors)) {
        ctx.report({ node, messageId: "connectionRecv", data: { receiver: method.receiverText } });
        return true;
      }
      return false;
    }
    return {
      call(node) {
        if (checkReceive(node)) return;
        const callee = ctx.model.calleeName(node, ctx.ancestors);
        if (!callee) return;
        if (PICKLE_LOADS.has(callee)) {
          ctx.report({ node, messageId: "pickle", data: { callee } });
        } else if (UNPICKLERS.has(callee)) {
          ctx.report({ node, messageId: "unpickler", data: { callee } });
        } else if (callee === "joblib.load") {
          ctx.report({ node, messageId: "joblib", data: { callee } });
        } else if (callee === "numpy.load") {
          const allowPickle = argument(node, "allow_pickle", 2);
          if (allowPickle && isTruthyLiteral(allowPickle)) {
            ctx.report({ node, messageId: "numpy", data: { callee, value: allowPickle.text }, fix: disallowPickle(allowPickle) });
          }
        } else if (callee === "pandas.read_pickle") {
          ctx.report({ node, messageId: "pandas", data: { callee } });
        } else if (callee === "shelve.open") {
          ctx.report({ node, messageId: "shelve", data: { callee } });
        } else if (callee === "jsonpickle.decode") {
          ctx.report({ node, messageId: "jsonpickle", data: { callee } });
        } else if (YAML_LOADS.has(callee)) {
          checkYamlLoad(node, callee);
        } else if (YAML_UNSAFE_LOADS.has(callee)) {
          const safe = callee.replace("unsafe_", "safe_");
          const fix = renameToSafe(node, safe);
          ctx.report({ node, messageId: "yamlUnsafe", data: { callee, safe }, ...fix ? { fix } : {} });
        } else if (OBJECT_COLLECTIVES.has(callee)) {
          ctx.report({ node, messageId: "objectCollective", data: { callee } });
        } else if (TORCH_PACKAGE_IMPORTERS.has(callee)) {
          ctx.report({ node, messageId: "torchPackage", data: { callee } });
        } else if (KERAS_SAFE_MODE_POSITIONS.has(callee)) {
          const safeMode = argument(node, "safe_mode", KERAS_SAFE_MODE_POSITIONS.get(callee));
          if (safeMode?.type === "false") ctx.report({ node, messageId: "kerasSafeMode", data: { callee, value: safeMode.text }, fix: enableSafeMode(safeMode) });
        } else if (KERAS_UNSAFE_SWITCHES.has(callee)) {
          ctx.report({ node, messageId: "kerasUnsafe", data: { callee } });
        }
      }
    };
  }
});

// rules/python-security-reviewer/unsafe-torch-load.ts
var unsafe_torch_load_exports = {};
__export(unsafe_torch_load_exports, {
  default: () => unsafe_torch_load_default
});
var TORCH_LOADS = /* @__PURE__ */ new Set(["torch.load", "torch.serialization.load"]);
var CHECKED = /* @__PURE__ */ new Set([...TORCH_LOADS, "torch.hub.load", "torch.hub.load_state_dict_from_url"]);
function addWeightsOnly(call, source) {
  const existing = argument(call, "weights_only");
  const title = "Pass `weights_only=True` (loads tensors only; a checkpoint holding pickled objects will then fail to load)";
  if (existing) {
    return { title, applicability: "unsafe", edits: [{ start: existing.startIndex, end: existing.endIndex, text: "True" }] };
  }
  const edit = appendArgument(call, "weights_only=True", source);
  return edit ? { title, applicability: "unsafe", edits: [edit] } : void 0;
}
var unsafe_torch_load_default = defineRule({
  code: "PTL301",
  name: "unsafe-torch-load",
  agent: "python-security-reviewer",
  severity: "error",
  enabledByDefault: true,
  precision: "very-high",
  security: { cwe: [502], severity: 8.8 },
  fixable: "unsafe",
  docs: {
    summary: "`torch.load` without `weights_only=True` unpickles arbitrary objects (CWE-502).",
    why: "A checkpoint is a pickle: loading one with `weights_only=False` (the default before PyTorch 2.6, and what `pickle_module=` forces) runs any code the file carries. Checkpoints come from model hubs, shared drives and colleagues, so a single poisoned file is remote code execution on the training cluster or the inference fleet. `weights_only=True` restricts loading to tensors and plain containers. `torch.hub.load(..., trust_repo=True)` runs the hub repository's code without asking.",
    bad: 'import torch\n\nstate = torch.load("checkpoints/detector.pt", map_location="cpu")\n',
    good: 'import torch\n\nstate = torch.load("checkpoints/detector.pt", map_location="cpu", weights_only=True)\n# or keep weights in safetensors: safetensors.torch.load_file("detector.safetensors")\n'
  },
  options: external_exports.object({}).strict(),
  messages: {
    missing: "`{{callee}}` without `weights_only=True` can execute code hidden in the checkpoint; pass `weights_only=True` or load safetensors",
    notLiteral: "`{{callee}}` with `weights_only={{value}}` can execute code hidden in the checkpoint; pass the literal `weights_only=True`",
    pickleModule: "`{{callee}}` with `pickle_module=` unpickles arbitrary objects; drop it and pass `weights_only=True`",
    trustRepo: "`torch.hub.load(..., trust_repo=True)` runs the repository's code without confirmation; pin a reviewed commit and leave trust_repo unset",
    hubUrl: "`{{callee}}` without `weights_only=True` unpickles whatever the URL serves; pass `weights_only=True`"
  },
  create(ctx) {
    return {
      call(node) {
        const callee = ctx.model.calleeName(node, ctx.ancestors);
        if (callee === null || !CHECKED.has(callee)) return;
        const weightsOnly = argument(node, "weights_only");
        const isTrue = weightsOnly?.type === "true";
        if (TORCH_LOADS.has(callee)) {
          if (argument(node, "pickle_module")) {
            ctx.report({ node, messageId: "pickleModule", data: { callee } });
          } else if (!weightsOnly) {
            ctx.report({ node, messageId: "missing", data: { callee }, fix: hasSplat(node) ? void 0 : addWeightsOnly(node, ctx.file.source) });
          } else if (!isTrue) {
            const fix = weightsOnly.type === "false" ? addWeightsOnly(node, ctx.file.source) : void 0;
            ctx.report({ node, messageId: "notLiteral", data: { callee, value: weightsOnly.text }, fix });
          }
        } else if (callee === "torch.hub.load") {
          if (argument(node, "trust_repo")?.type === "true") ctx.report({ node, messageId: "trustRepo" });
        } else if (callee === "torch.hub.load_state_dict_from_url") {
          if (!isTrue) ctx.report({ node, messageId: "hubUrl", data: { callee }, fix: addWeightsOnly(node, ctx.file.source) });
        }
      }
    };
  }
});

// rules/python-test-writer/float-equality-on-model-output.ts
var float_equality_on_model_output_exports = {};
__export(float_equality_on_model_output_exports, {
  default: () => float_equality_on_model_output_default
});
var INT_METHODS = /* @__PURE__ */ new Set([
  "argmax",
  "argmin",
  "argsort",
  "long",
  "int",
  "bool",
  "byte",
  "short",
  "size",
  "numel",
  "nonzero",
  "round",
  "floor",
  "ceil",
  "trunc",
  "sign",
  "eq",
  "ne",
  "gt",
  "lt",
  "ge",
  "le",
  "isnan",
  "isinf",
  "isfinite",
  "any",
  "all",
  "count_nonzero",
  "dim",
  "nelement",
  "generate",
  "tokenize",
  "encode_plus",
  "keys",
  "startswith",
  "endswith"
]);
var PASS_METHODS = /* @__PURE__ */ new Set([
  "item",
  "tolist",
  "detach",
  "cpu",
  "cuda",
  "numpy",
  "clone",
  "copy",
  "squeeze",
  "unsqueeze",
  "flatten",
  "view",
  "reshape",
  "permute",
  "transpose",
  "contiguous",
  "float",
  "double",
  "half",
  "bfloat16",
  "to",
  "t",
  "expand",
  "expand_as",
  "repeat",
  "narrow",
  "select",
  "get",
  "values",
  "abs",
  "clamp",
  "clip",
  "max",
  "min",
  "flip",
  "ravel",
  "astype",
  "type",
  "as_subclass",
  "requires_grad_",
  "data_ptr"
]);
var FLOAT_METHODS = /* @__PURE__ */ new Set([
  "mean",
  "sum",
  "std",
  "var",
  "norm",
  "softmax",
  "log_softmax",
  "sigmoid",
  "exp",
  "log",
  "log2",
  "log10",
  "log1p",
  "expm1",
  "sqrt",
  "rsqrt",
  "matmul",
  "mm",
  "bmm",
  "prod",
  "cumsum",
  "cumprod",
  "tanh",
  "dot",
  "pow",
  "reciprocal",
  "sin",
  "cos",
  "lerp",
  "logsumexp",
  "erf",
  "addmm",
  "baddbmm",
  "einsum",
  "nanmean",
  "nansum"
]);
var FLOAT_FUNCTIONS = /* @__PURE__ */ new Set([
  ...FLOAT_METHODS,
  "conv1d",
  "conv2d",
  "conv3d",
  "conv_transpose2d",
  "linear",
  "interpolate",
  "layer_norm",
  "batch_norm",
  "group_norm",
  "instance_norm",
  "cdist",
  "cosine_similarity",
  "pairwise_distance",
  "dist",
  "inner",
  "outer",
  "tensordot",
  "average",
  "median",
  "percentile",
  "quantile",
  "interp",
  "convolve",
  "gelu",
  "silu",
  "mish",
  "softplus",
  "elu",
  "selu",
  "normalize",
  "mse_loss",
  "l1_loss",
  "cross_entropy",
  "nll_loss",
  "binary_cross_entropy",
  "binary_cross_entropy_with_logits",
  "kl_div",
  "smooth_l1_loss",
  "huber_loss",
  "scaled_dot_product_attention",
  "multi_head_attention_forward",
  "grid_sample",
  "avg_pool2d",
  "adaptive_avg_pool2d",
  "arctan2",
  "atan2",
  "hypot",
  "cbrt",
  "tan",
  "arcsin",
  "arccos",
  "arctan",
  "sinh",
  "cosh"
]);
var INT_FUNCTIONS = /* @__PURE__ */ new Set([
  "argmax",
  "argmin",
  "argsort",
  "randint",
  "randperm",
  "nonzero",
  "argwhere",
  "bucketize",
  "searchsorted",
  "numel",
  "count_nonzero",
  "equal",
  "eq",
  "ne",
  "isclose",
  "allclose",
  "round",
  "floor",
  "ceil",
  "trunc",
  "sign",
  "isnan",
  "isinf",
  "isfinite",
  "logical_and",
  "logical_or",
  "logical_not",
  "unique",
  "bincount",
  "histc",
  "one_hot",
  "tril_indices",
  "triu_indices",
  "array_equal"
]);
var BUILD_FUNCTIONS = /* @__PURE__ */ new Set([
  "tensor",
  "as_tensor",
  "asarray",
  "array",
  "from_numpy",
  "stack",
  "cat",
  "concatenate",
  "hstack",
  "vstack",
  "clone",
  "flip",
  "squeeze",
  "unsqueeze",
  "reshape",
  "abs",
  "clamp",
  "clip",
  "where",
  "masked_fill",
  "gather",
  "index_select",
  "take",
  "max",
  "min",
  "amax",
  "amin",
  "float16",
  "float32",
  "float64",
  "copy",
  "squeeze",
  "transpose",
  "ascontiguousarray"
]);
var INT_DTYPES = /(?:^|\.)(?:u?int(?:8|16|32|64)?|long|short|bool|bool_|int_)$/;
var INT_NAMES = /^_*(?:\w+_)?(?:labels?|ids|idx|indices|index|tokens|token_ids|masks?|classes|class_ids?|counts?|shape|size|length|len|num_\w+|n_\w+)$/;
var LIBRARY_MATH = /^(?:torch|numpy)\./;
var EXACT_HELPERS = /* @__PURE__ */ new Set(["round", "int", "len", "bool", "str", "repr", "hash", "id", "isinstance", "type"]);
var PASS_HELPERS = /* @__PURE__ */ new Set(["float", "abs", "max", "min", "list", "tuple", "sorted", "next", "iter"]);
var AND = /^\s*and\s*$/;
var float_equality_on_model_output_default = defineRule({
  code: "PTL603",
  name: "float-equality-on-model-output",
  agent: "python-test-writer",
  severity: "warning",
  enabledByDefault: true,
  testCode: "only",
  fixable: "unsafe",
  docs: {
    summary: "A test compares a model output (or tensor arithmetic) with `==`: `assert score == 0.9`, `torch.equal(out, expected)`.",
    why: "A model's output is the result of thousands of floating-point operations whose order depends on the device, the kernel chosen, the batch size, the BLAS and cuDNN build and the library version. `assert score == 0.9` passes on the laptop that wrote it and fails on the CI runner, on a GPU, or after a PyTorch upgrade, with a difference in the last bit that means nothing. Compare with a tolerance: `pytest.approx(0.9)`, `math.isclose`, `torch.testing.assert_close(out, expected)` or `np.testing.assert_allclose`. Reported for `assert x == 0.9` / `!=` and `self.assertEqual(x, 0.9)` where `x` comes from a model call, a tensor or NumPy computation (a reduction, a matmul, a softmax) or arithmetic on one, and for `torch.equal(a, b)`, `(a == b).all()`, `torch.all(a == b)` and `np.testing.assert_array_equal(a, b)` where `a` or `b` is. Not reported: integers and booleans (labels, `argmax`, `.long()`, shapes, token ids from `generate`), which are exact; comparisons with `0.0`, which zeroed or masked values meet exactly; values assigned from a literal; the same model call compared with itself (a determinism check); and `pytest.approx(...)` or `math.isclose(...)`. The fix turns `assert x == 0.5` into `assert x == pytest.approx(0.5)` where the file imports pytest (unsafe: it accepts a relative difference of 1e-6, and a tensor operand needs `.item()` first). Reported only in test code: outside tests exact comparisons are often deliberate (a sentinel, a threshold), and in tests they are the flaky assertion this rule is about.",
    bad: "import pytest\nimport torch\n\ndef test_detector_confidence(detector, frame):\n    with torch.no_grad():\n        scores = detector(frame).softmax(dim=-1)\n    assert scores[0, 1].item() == 0.9\n",
    good: "import pytest\nimport torch\n\ndef test_detector_confidence(detector, frame):\n    with torch.no_grad():\n        scores = detector(frame).softmax(dim=-1)\n    assert scores[0, 1].item() == pytest.approx(0.9, abs=1e-4)\n    assert torch.equal(scores.argmax(dim=-1), torch.tensor([1]))\n"
  },
  textTriggers: { assert_statement: /==|!=|equal\s*\(/ },
  callees: ["assertEqual", "assertEquals", "assertNotEqual", "assertTrue", "assert_", "assert_array_equal", "assert_equal"],
  options: external_exports.object({
    "model-name-pattern": patternOption(
      "^(?!(?:get|load|build|create|make|init|setup|prepare|compute|calc|calculate|to|from)_)(?:model|net|network|detector|classifier|predictor|backbone|encoder|decoder|segmenter|llm|head|\\w+_model|\\w+_net|\\w+_detector|\\w+_classifier|\\w+_predictor|\\w+_encoder|\\w+_decoder|\\w+_head|session|sess|ort_session|\\w+_session)$",
      "names of objects whose call (or `.predict(...)`, `.run(...)`) is taken to be model inference"
    )
  }).strict(),
  messages: {
    floatEq: "`{{expr}}` compares {{what}} with `{{op}}`: float results differ across devices, kernels and library versions; compare with `pytest.approx({{literal}})` or `math.isclose`",
    tensorEq: "`{{expr}}` compares {{what}} bit for bit: float results differ across devices, kernels and library versions; use `torch.testing.assert_close` or `np.testing.assert_allclose`",
    assertEqual: "`{{expr}}` compares {{what}} exactly: float results differ across devices, kernels and library versions; use `assertAlmostEqual` or `pytest.approx`"
  },
  create(ctx) {
    const { model } = ctx;
    const modelName = regex(ctx.options["model-name-pattern"]);
    let approx;
    const approxName = () => {
      if (approx !== void 0) return approx;
      approx = null;
      for (const [local, qname] of model.moduleImports) {
        if (!model.isBound(local, []) || model.resolveDottedText(local, []) !== qname) continue;
        if (qname === "pytest") approx ??= `${local}.approx`;
        else if (qname === "pytest.approx") approx = local;
      }
      return approx;
    };
    const isModelName = (parts) => {
      const last = parts[parts.length - 1].replace(/^_+/, "");
      return (parts.length === 1 || parts.length === 2 && parts[0] === "self") && modelName.test(last);
    };
    const origin = (node, ancestors, depth = 0) => {
      if (!node || depth > 10) return null;
      const next = (n) => origin(n, ancestors, depth + 1);
      switch (node.type) {
        case "parenthesized_expression":
          return next(node.namedChild(0));
        case "integer":
        case "true":
        case "false":
        case "comparison_operator":
        case "not_operator":
          return "int";
        case "float":
        case "string":
        case "none":
          return "literal";
        case "unary_operator":
          return next(node.childForFieldName("argument"));
        case "boolean_operator":
          return "int";
        case "list":
        case "tuple":
        case "expression_list": {
          let all = "int";
          for (const item of node.namedChildren) {
            const o = next(item);
            if (o === "model" || o === "math") return o;
            if (o === null) all = null;
            else if (o === "literal" && all === "int") all = "literal";
          }
          return node.namedChildCount === 0 ? null : all;
        }
        case "list_comprehension":
        case "generator_expression": {
          const o = next(node.childForFieldName("body"));
          return o === "model" || o === "math" ? o : null;
        }
        case "identifier": {
          if (INT_NAMES.test(node.text)) return "int";
          return next(assignedValue(node, ancestors));
        }
        case "attribute": {
          const attr = node.childForFieldName("attribute")?.text ?? "";
          if (attr === "shape" || attr === "ndim" || attr === "dtype" || attr === "device" || attr === "indices" || INT_NAMES.test(attr)) return "int";
          const o = next(node.childForFieldName("object"));
          return o === "model" || o === "math" || o === "int" ? o : null;
        }
        case "subscript": {
          const o = next(node.childForFieldName("value"));
          return o === "model" || o === "math" || o === "int" ? o : null;
        }
        case "binary_operator": {
          const op = node.childForFieldName("operator")?.type ?? "";
          const left = next(node.childForFieldName("left"));
          const right = next(node.childForFieldName("right"));
          if (left === "model" || left === "math" || right === "model" || right === "math") return op === "//" || op === "%" ? null : "math";
          if (op === "@") return "math";
          if (left === "int" && right === "int" && op !== "/" && op !== "**") return "int";
          if ((left === "literal" || left === "int") && (right === "literal" || right === "int")) return "literal";
          return null;
        }
        case "call":
          return callOrigin(node, ancestors, depth);
        default:
          return null;
      }
    };
    const callOrigin = (call, ancestors, depth) => {
      const next = (n) => origin(n, ancestors, depth + 1);
      const fn = call.childForFieldName("function");
      if (!fn) return null;
      const qname = model.calleeName(call, ancestors);
      if (qname && LIBRARY_MATH.test(qname)) {
        const last = qname.slice(qname.lastIndexOf(".") + 1);
        if (intDtype(call)) return "int";
        if (INT_FUNCTIONS.has(last)) return "int";
        if (FLOAT_FUNCTIONS.has(last) || qname.startsWith("torch.nn.functional.") || qname.startsWith("numpy.linalg.") || qname.startsWith("torch.linalg.")) return "math";
        if (BUILD_FUNCTIONS.has(last) || last.endsWith("_like")) {
          const first = positionalArguments(call)[0] ?? null;
          const o = first ? next(first) : null;
          return o;
        }
        if (last === "arange" || last === "zeros" || last === "ones" || last === "full" || last === "empty" || last === "eye") return "literal";
        return null;
      }
      if (fn.type === "attribute") {
        const method = fn.childForFieldName("attribute")?.text ?? "";
        const receiver = fn.childForFieldName("object");
        if (method === "to" || method === "type" || method === "astype") {
          if (intDtype(call)) return "int";
          return next(receiver);
        }
        if (INT_METHODS.has(method)) return "int";
        if (PASS_METHODS.has(method)) return next(receiver);
        if (FLOAT_METHODS.has(method)) {
          const o = next(receiver);
          if (o === "int" && /^(?:sum|prod|cumsum|mean|nansum|nanmean)$/.test(method)) return "int";
          return o === null ? null : o === "literal" || o === "int" ? "math" : o;
        }
      }
      const target = model.modelCall(call, ancestors);
      if (target && target.origin === void 0) return "model";
      const parts = model.calleeParts(call);
      if (parts) {
        if (model.mayCallModel(call, ancestors) && isModelName(parts)) return "model";
        if (parts.length >= 2 && INFERENCE_METHODS.has(parts[parts.length - 1])) {
          const receiver = parts.slice(0, -1);
          const kind = model.kindOfPath(receiver, ancestors);
          if (kind === "model" || kind === "ort-session" || kind === "cv2-net" || kind !== "other" && isModelName(receiver)) return "model";
        }
        if (parts.length === 1) {
          if (EXACT_HELPERS.has(parts[0])) return "int";
          if (PASS_HELPERS.has(parts[0])) return next(positionalArguments(call)[0] ?? null);
          if (parts[0] === "sum") {
            const o = next(positionalArguments(call)[0] ?? null);
            return o === "model" || o === "math" ? "math" : null;
          }
        }
      }
      return null;
    };
    const assignedValue = (name, ancestors) => {
      const plain = model.valueBefore(name, ancestors, name.startIndex);
      if (plain) return plain;
      const fn = enclosingFunction(ancestors);
      if (fn?.type !== "function_definition") return null;
      let found = null;
      for (const a of assignmentsIn(fn.node)) {
        if (a.startIndex >= name.startIndex) break;
        const left = a.childForFieldName("left");
        if (left?.type !== "pattern_list" && left?.type !== "tuple_pattern") continue;
        const index = left.namedChildren.findIndex((c) => c?.type === "identifier" && c.text === name.text);
        if (index < 0) continue;
        const right = a.childForFieldName("right");
        found = right && (right.type === "expression_list" || right.type === "tuple") && right.namedChildCount === left.namedChildCount ? right.namedChild(index) : right;
      }
      return found;
    };
    const assignmentCache = /* @__PURE__ */ new Map();
    const assignmentsIn = (fn) => {
      let list = assignmentCache.get(fn.id);
      if (!list) assignmentCache.set(fn.id, list = fn.descendantsOfType("assignment").filter((n) => n !== null));
      return list;
    };
    const givenBefore = (literal, ancestors) => {
      const fn = enclosingFunction(ancestors);
      const from = fn?.start ?? 0;
      const text = ctx.file.source.slice(from, literal.startIndex).split("\n").filter((line) => !/^\s*(?:assert\b|self\.assert|\w+\.testing\.)/.test(line)).join("\n");
      const number = literal.text.replace(/^[-+(\s]+|[)\s]+$/g, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return new RegExp(`(?:[(,\\[]|(?<![=!<>])=)\\s*[-+]?${number}\\s*(?:[,)\\]#\\r\\n]|$)`).test(text);
    };
    const describe = (o) => o === "model" ? "a model output" : "the result of tensor arithmetic";
    const floatComparison = (cmp, ancestors) => {
      const operands = cmp.namedChildren.filter((c) => c !== null && c.type !== "comment");
      if (operands.length !== 2) return null;
      const op = cmp.children.find((c) => c !== null && !c.isNamed)?.type;
      if (op !== "==" && op !== "!=") return null;
      const [a, b] = operands;
      const literal = isFloatLiteral(a) ? a : isFloatLiteral(b) ? b : null;
      if (!literal) return null;
      const other = literal === a ? b : a;
      if (isZero(literal) || givenBefore(literal, ancestors)) return null;
      const o = origin(other, ancestors);
      if (o === "model" && isIntegral(literal)) return null;
      return o === "model" || o === "math" ? { literal, op, what: o } : null;
    };
    const tensorsDiffer = (a, b, ancestors) => {
      if (!a || !b) return null;
      const oa = origin(a, ancestors);
      const ob = origin(b, ancestors);
      if (oa === null || ob === null || oa === "int" || ob === "int") return null;
      if (oa === "model" && ob === "model") return null;
      if (oa === "literal" && ob === "literal") return null;
      if (oa === ob && sameComputation(a, b, ancestors)) return null;
      return oa === "model" || ob === "model" ? "model" : "math";
    };
    const sameComputation = (a, b, ancestors) => {
      const value = (n) => (n.type === "identifier" ? assignedValue(n, ancestors)?.text ?? n.text : n.text).replace(/\s+/g, "");
      return value(a) === value(b);
    };
    const fixFor = (literal, statement) => {
      const name = approxName();
      if (!name || statement.type !== "assert_statement") return void 0;
      return {
        title: `Compare with \`${name}(${literal.text})\` (unsafe: a relative tolerance of 1e-6; a tensor needs \`.item()\` first)`,
        applicability: "unsafe",
        edits: [{ start: literal.startIndex, end: literal.endIndex, text: `${name}(${literal.text})` }]
      };
    };
    const check = (expr, statement, negated, topLevel) => {
      if (!expr) return;
      switch (expr.type) {
        case "parenthesized_expression":
          check(expr.namedChild(0), statement, negated, topLevel);
          return;
        case "not_operator":
          check(expr.childForFieldName("argument"), statement, !negated, false);
          return;
        case "boolean_operator": {
          const op = expr.children.find((c) => c !== null && !c.isNamed)?.text ?? "";
          if (!AND.test(op)) return;
          check(expr.childForFieldName("left"), statement, negated, topLevel);
          check(expr.childForFieldName("right"), statement, negated, topLevel);
          return;
        }
        case "comparison_operator": {
          const float = floatComparison(expr, ctx.ancestors);
          if (float) {
            ctx.report({
              node: expr,
              messageId: "floatEq",
              data: { expr: shorten3(expr.text), what: describe(float.what), op: float.op, literal: float.literal.text },
              ...topLevel && !negated ? optionalFix(fixFor(float.literal, statement)) : {}
            });
            return;
          }
          if (negated || !topLevel) return;
          return;
        }
        case "call": {
          const fn = expr.childForFieldName("function");
          const parts = model.calleeParts(expr);
          const qname = model.calleeName(expr, ctx.ancestors);
          if (qname === "torch.equal" || qname === "numpy.array_equal" || qname === "numpy.array_equiv") {
            if (negated) return;
            const [a, b] = positionalArguments(expr);
            const what = tensorsDiffer(a ?? null, b ?? null, ctx.ancestors);
            if (what) ctx.report({ node: expr, messageId: "tensorEq", data: { expr: shorten3(expr.text), what: describe(what) } });
            return;
          }
          let inner = null;
          if (qname === "torch.all" || qname === "numpy.all" || qname === "numpy.alltrue" || parts?.length === 1 && (parts[0] === "bool" || parts[0] === "all")) inner = positionalArguments(expr)[0] ?? null;
          else if (fn?.type === "attribute") {
            const method = fn.childForFieldName("attribute")?.text;
            if (method === "all" || method === "item") inner = fn.childForFieldName("object");
          }
          if (inner) checkElementwise(inner, statement, negated);
          return;
        }
        default:
          return;
      }
    };
    const checkElementwise = (inner, statement, negated) => {
      let node = inner;
      while (node?.type === "parenthesized_expression") node = node.namedChild(0);
      if (!node) return;
      if (node.type === "call") {
        check(node, statement, negated, false);
        return;
      }
      if (node.type !== "comparison_operator" || negated) return;
      const float = floatComparison(node, ctx.ancestors);
      if (float) {
        ctx.report({ node: inner, messageId: "floatEq", data: { expr: shorten3(node.text), what: describe(float.what), op: float.op, literal: float.literal.text } });
        return;
      }
      const operands = node.namedChildren.filter((c) => c !== null && c.type !== "comment");
      const op = node.children.find((c) => c !== null && !c.isNamed)?.type;
      if (operands.length !== 2 || op !== "==") return;
      if (operands.some((o) => isFloatLiteral(o) || o.type === "integer")) return;
      const what = tensorsDiffer(operands[0], operands[1], ctx.ancestors);
      if (what) ctx.report({ node: inner, messageId: "tensorEq", data: { expr: shorten3(node.text), what: describe(what) } });
    };
    return {
      assert_statement(node) {
        check(node.namedChild(0), node, false, true);
      },
      call(node) {
        const parts = model.calleeParts(node);
        if (!parts || parts.length < 2) return;
        const method = parts[parts.length - 1];
        if (method === "assertTrue" || method === "assert_") {
          if (parts[0] !== "self") return;
          check(positionalArguments(node)[0] ?? argument(node, "expr"), node, false, false);
          return;
        }
        if (method === "assert_array_equal" || method === "assert_equal") {
          const qname = model.calleeName(node, ctx.ancestors);
          if (qname !== "numpy.testing.assert_array_equal" && qname !== "numpy.testing.assert_equal") return;
          const [a2, b2] = positionalArguments(node);
          if (!a2 || !b2) return;
          const float = isFloatLiteral(a2) ? a2 : isFloatLiteral(b2) ? b2 : null;
          if (float) {
            const o2 = isZero(float) ? null : origin(float === a2 ? b2 : a2, ctx.ancestors);
            if (o2 === "model" || o2 === "math") ctx.report({ node, messageId: "tensorEq", data: { expr: shorten3(node.text), what: describe(o2) } });
            return;
          }
          const what = tensorsDiffer(a2, b2, ctx.ancestors);
          if (what) ctx.report({ node, messageId: "tensorEq", data: { expr: shorten3(node.text), what: describe(what) } });
          return;
        }
        if (parts[0] !== "self" || parts.length !== 2) return;
        const [a, b] = positionalArguments(node);
        if (!a || !b) return;
        const literal = isFloatLiteral(a) ? a : isFloatLiteral(b) ? b : null;
        if (!literal || isZero(literal)) return;
        const o = origin(literal === a ? b : a, ctx.ancestors);
        if (o === "model" || o === "math") ctx.report({ node, messageId: "assertEqual", data: { expr: shorten3(node.text), what: describe(o) } });
      }
    };
  }
});
var INFERENCE_METHODS = /* @__PURE__ */ new Set(["predict", "predict_proba", "infer", "inference", "forward", "detect", "classify", "segment", "embed", "encode", "run", "score", "__call__"]);
function optionalFix(fix) {
  return fix ? { fix } : {};
}
function isFloatLiteral(node) {
  if (node.type === "float") return !/[jJ]$/.test(node.text);
  if (node.type === "unary_operator" && /^[-+]/.test(node.text)) {
    const arg = node.childForFieldName("argument");
    return arg !== null && isFloatLiteral(arg);
  }
  if (node.type === "parenthesized_expression") {
    const inner = node.namedChild(0);
    return inner !== null && isFloatLiteral(inner);
  }
  return false;
}
function isIntegral(literal) {
  return Number.isInteger(Number(literal.text.replace(/[()\s_]/g, "")));
}
function isZero(literal) {
  return Number(literal.text.replace(/[()\s_+-]/g, "")) === 0;
}
function intDtype(call) {
  const dtype = argument(call, "dtype") ?? (/\.(?:to|type|astype)\s*\($/.test(call.childForFieldName("function")?.text + "(") ? positionalArguments(call)[0] : null);
  if (!dtype) return false;
  const text = dtype.type === "string" ? dtype.text.slice(1, -1) : dtype.text;
  return INT_DTYPES.test(text) || /^(?:int|bool)$/.test(text);
}
function shorten3(text) {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

// rules/python-test-writer/mock-without-spec.ts
var mock_without_spec_exports = {};
__export(mock_without_spec_exports, {
  default: () => mock_without_spec_default,
  standInName: () => standInName
});
var MOCK_CLASSES = /* @__PURE__ */ new Set(["Mock", "MagicMock", "AsyncMock", "NonCallableMock", "NonCallableMagicMock"]);
var MOCK_MODULES = /* @__PURE__ */ new Set(["unittest.mock", "mock"]);
var MOCKER_FIXTURES = /* @__PURE__ */ new Set(["mocker", "module_mocker", "class_mocker", "package_mocker", "session_mocker"]);
var LIBRARY_ROOTS = /* @__PURE__ */ new Set([
  "torch",
  "torchvision",
  "torch_xla",
  "timm",
  "onnxruntime",
  "cv2",
  "transformers",
  "ultralytics",
  "numpy",
  "tensorflow",
  "jax",
  "sklearn"
]);
var STAND_IN_KINDS = /* @__PURE__ */ new Map([
  ["model", "model"],
  ["ort-session", "inference session"],
  ["capture", "camera"],
  ["cv2-net", "model"]
]);
var TRANSFORMERS_MODEL_CLASS = /^(?!\w*(?:Tokenizer|Config|Processor|FeatureExtractor))\w*(?:Model|For[A-Z]\w*|Net)$/;
var CLASS_NOUNS = /* @__PURE__ */ new Map([
  ["Model", "model"],
  ["Net", "model"],
  ["Detector", "detector"],
  ["Predictor", "predictor"],
  ["Classifier", "model"],
  ["Segmenter", "model"],
  ["Recognizer", "model"],
  ["Backbone", "model"],
  ["Camera", "camera"],
  ["Capture", "camera"]
]);
var CLASS_NAMES = /* @__PURE__ */ new Map([
  ["InferenceSession", "inference session"],
  ["YOLO", "model"],
  ["RTDETR", "model"],
  ["SAM", "model"]
]);
var NOT_MODEL_CLASSES = /* @__PURE__ */ new Set(["BaseModel", "RootModel", "DataModel", "ViewModel"]);
var FACTORY_VERB = /^(?:load|build|create|make|init|initialize|get|instantiate|new|construct|open|setup|start)_(?=.)/;
var MOCK_PREFIXES = /* @__PURE__ */ new Set(["mock", "mocked", "fake", "dummy", "stub", "stubbed", "patched", "test", "my"]);
var MOCK_SUFFIXES = /* @__PURE__ */ new Set(["mock", "mocked", "fake", "stub", "cls", "class", "instance", "inst", "obj", "object"]);
function whatOf(core) {
  const last = core.slice(core.lastIndexOf("_") + 1);
  if (/^(?:camera|cam|capture|cap)$/.test(last)) return "camera";
  if (/^(?:queue|q)$/.test(last)) return "queue";
  if (/^(?:session|sess)$/.test(last)) return "inference session";
  if (last === "detector") return "detector";
  if (last === "predictor") return "predictor";
  return "model";
}
function withArticle(what) {
  return /^[aeiou]/.test(what) ? `an ${what}` : `a ${what}`;
}
function standInName(raw) {
  const snake = raw.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().split("_").filter((p) => p !== "");
  while (snake.length > 1 && MOCK_PREFIXES.has(snake[0])) snake.shift();
  while (snake.length > 1 && /^\d+$/.test(snake[snake.length - 1])) snake.pop();
  while (snake.length > 1 && MOCK_SUFFIXES.has(snake[snake.length - 1])) snake.pop();
  if (snake.length > 0) snake[snake.length - 1] = snake[snake.length - 1].replace(/(?<=[a-z])\d+$/, "");
  return snake.join("_");
}
function lastCamelWord(name) {
  const words = name.match(/[A-Z]+(?![a-z])|[A-Z][a-z]+|[a-z]+/g) ?? [];
  return words[words.length - 1] ?? name;
}
var mock_without_spec_default = defineRule({
  code: "PTL601",
  name: "mock-without-spec",
  agent: "python-test-writer",
  severity: "warning",
  enabledByDefault: true,
  testCode: "only",
  precision: "high",
  docs: {
    summary: "A bare `Mock()`/`MagicMock()` or a `patch(...)` without `autospec` stands in for a model, session, camera or queue.",
    why: "A mock without a spec answers every attribute and every call: `detector.detcet(frame)` returns another mock, `session.run(None, feeds, extra)` succeeds, and a test written against last year's API keeps passing after the model class renames `predict` to `infer`, `onnxruntime` changes `run`'s signature or `cv2.VideoCapture` is replaced by another reader. The tests are green and production breaks. Give the stand-in the real interface: `Mock(spec=Detector)`, `create_autospec(Detector, instance=True)`, or `patch(\"torch.load\", autospec=True)`; then a misspelt or removed attribute and a wrong call signature fail the test. Reported for mocks bound to a name that says they stand in for a model, a session, a detector, a camera or a queue (`model`, `mock_detector`, `self.camera`, a fixture named `model`, `model=` keyword arguments; see `model-name-pattern`), for a bare mock given as the `return_value` of a patch of such a target, and for `patch(...)`/`patch.object(...)`/`mocker.patch(...)` of a PyTorch, ONNX Runtime, OpenCV or transformers model API (`torch.load`, `onnxruntime.InferenceSession`, `cv2.VideoCapture`, `AutoModel.from_pretrained`) or of a project class or factory named so, or deriving from `nn.Module`. A patch with `spec=`, `spec_set=`, `autospec=True` or its own `new=` object is not reported, and neither are mocks of other things (`logger = MagicMock()`). Reported only in test code: mocks are how tests are written.",
    bad: 'from unittest.mock import MagicMock, patch\n\ndef test_pipeline_counts_people():\n    detector = MagicMock()\n    detector.detect.return_value = [("person", 0.9)]\n    with patch("cv2.VideoCapture") as capture:\n        capture.return_value.read.return_value = (True, None)\n        assert count_people(detector) == 1\n',
    good: 'from unittest.mock import create_autospec, patch\n\nfrom app.detector import Detector\n\ndef test_pipeline_counts_people():\n    detector = create_autospec(Detector, instance=True)\n    detector.detect.return_value = [("person", 0.9)]\n    with patch("cv2.VideoCapture", autospec=True) as capture:\n        capture.return_value.read.return_value = (True, None)\n        assert count_people(detector) == 1\n'
  },
  callees: [...MOCK_CLASSES, "patch", "object", "setattr"],
  options: external_exports.object({
    "model-name-pattern": patternOption(
      "^(?!(?:get|load|build|create|make|init|initialize|setup|start|stop|run|open|close|read|release|reset|update|set|is|has|num|n|fetch|register|unregister|configure|wrap|prepare|to|from|process|handle|call|check|validate|parse|save|export|publish|send|add|remove|delete|connect|disconnect|list|find|select|use|apply|enable|disable|refresh|sync|train|fit|predict|infer|warmup|compile|download|upload|push|pull|put|post|on|with|do|show|render|emit|notify|log|dump|serialize|deserialize|convert|resolve|lookup|query|count|clear|teardown|cleanup|destroy|kill|restart|reload|attach|detach|watch|poll|wait|ensure|verify|describe|compare|default|patch|new|spawn|switch|swap|cast|move|copy|clone|freeze|evaluate|eval|score|track|capture|detect|classify|segment|recognize)_)(?!\\w*_(?:for|of|to|from|by|per|in|on|at|with|without)_)(?:\\w+_)?(?:model|net|detector|predictor|classifier|segmenter|recognizer|backbone|llm|yolo|camera|cam|capture|ort_session|onnx_session|inference_session|ort_sess|queue|q)$|^(?:video_)?cap$",
      "names (with mock affixes such as `mock_`, `fake_`, `_cls` removed) of mocks taken to stand in for a model, session, camera or queue"
    ),
    "session-name-pattern": patternOption(
      "^(?:\\w+_)?(?:session|sess)$",
      "names taken to be ONNX Runtime sessions in a file that uses onnxruntime (elsewhere a `session` is usually an HTTP or database session)"
    )
  }).strict(),
  messages: {
    bareMock: "`{{name}}` is a bare `{{mock}}()` standing in for {{what}}: it accepts any attribute and any call, so the test keeps passing after the real API changes; use `create_autospec(...)` or pass `spec=`",
    returnValue: "the `return_value` of this patch of `{{target}}` is a bare `{{mock}}()`: the {{what}} it stands in for accepts any attribute and call; use `create_autospec(..., instance=True)` or pass `spec=`",
    patch: '`{{patch}}("{{target}}")` replaces {{what}} with a mock that has no spec: the test keeps passing after the real API changes; pass `autospec=True` (or `spec=`)'
  },
  create(ctx) {
    const { model } = ctx;
    const namePattern = regex(ctx.options["model-name-pattern"]);
    const sessionPattern = regex(ctx.options["session-name-pattern"]);
    let usesOnnx;
    const onnxFile = () => usesOnnx ??= [...model.moduleImports.values()].some((q) => q === "onnxruntime" || q.startsWith("onnxruntime."));
    const nameVerdict = (name) => {
      const core = standInName(name.replace(/^_+/, ""));
      if (namePattern.test(core)) return { what: whatOf(core) };
      if (sessionPattern.test(core) && onnxFile()) return { what: "inference session" };
      return null;
    };
    const targetVerdict = (parts) => {
      for (let i = 0; i < parts.length; i++) {
        if (!LIBRARY_ROOTS.has(parts[i])) continue;
        const suffix = parts.slice(i).join(".");
        const kind = kindOfConstructor(suffix);
        const what = kind ? STAND_IN_KINDS.get(kind) : void 0;
        if (what) return /^[a-z]/.test(parts[parts.length - 1]) ? { what, maker: true } : { what };
        if (suffix === "transformers.pipeline") return { what: "model", maker: true };
        if (parts[i] === "transformers" && i === parts.length - 2 && TRANSFORMERS_MODEL_CLASS.test(parts[i + 1])) return { what: "model" };
        if (i === 0 || ["torch", "cv2", "onnxruntime", "transformers"].includes(parts[i])) return null;
      }
      const last = parts[parts.length - 1];
      if (last === void 0) return null;
      if (last === "from_pretrained") {
        const cls = parts[parts.length - 2];
        return cls !== void 0 && TRANSFORMERS_MODEL_CLASS.test(cls) && !NOT_MODEL_CLASSES.has(cls) ? { what: "model", maker: true } : null;
      }
      if (/^[A-Z]/.test(last)) {
        if (NOT_MODEL_CLASSES.has(last)) return null;
        const what = CLASS_NAMES.get(last) ?? CLASS_NOUNS.get(lastCamelWord(last).replace(/\d+$/, ""));
        return what ? { what } : null;
      }
      const name = last.replace(/^_+/, "");
      const factory = FACTORY_VERB.exec(name);
      if (factory) {
        const made = nameVerdict(name.slice(factory[0].length));
        return made ? { ...made, maker: true } : null;
      }
      return standInName(name).includes("_") ? null : nameVerdict(name);
    };
    const isMockClass = (call) => {
      const parts = model.calleeParts(call);
      if (!parts) return null;
      const last = parts[parts.length - 1];
      if (!MOCK_CLASSES.has(last)) return null;
      if (parts.length === 2 && MOCKER_FIXTURES.has(parts[0])) return last;
      const callee = model.calleeName(call, ctx.ancestors);
      if (callee === null) return null;
      const dot = callee.lastIndexOf(".");
      return dot > 0 && MOCK_MODULES.has(callee.slice(0, dot)) ? last : null;
    };
    const patchKind = (call, ancestors) => {
      const parts = model.calleeParts(call);
      if (!parts) return null;
      const last = parts[parts.length - 1];
      const isObject = last === "object" && parts[parts.length - 2] === "patch";
      if (last !== "patch" && !isObject) return null;
      const head = isObject ? parts.slice(0, -1) : parts;
      if (head.length === 2 && MOCKER_FIXTURES.has(head[0])) return isObject ? "object" : "patch";
      const callee = model.calleeName(call, ancestors);
      if (callee === null) return null;
      const base = isObject ? callee.slice(0, -".object".length) : callee;
      return [...MOCK_MODULES].some((m) => base === `${m}.patch`) ? isObject ? "object" : "patch" : null;
    };
    const patchTarget = (call, kind, ancestors) => {
      if (kind === "patch") {
        const text = literalTail(argument(call, "target", 0));
        return text && /^[A-Za-z_][\w.]*$/.test(text) ? text.split(".") : null;
      }
      const object = argument(call, "target", 0);
      const attr = stringValue(argument(call, "attribute", 1));
      if (!object || !attr || !/^[A-Za-z_]\w*$/.test(attr)) return null;
      const qname = model.qualifiedName(object, ancestors);
      const parts = qname ? qname.split(".") : dottedParts(object);
      return parts ? [...parts, attr] : [attr];
    };
    const patchHasSpec = (call, kind) => {
      if (hasSplat(call)) return true;
      const offset = kind === "object" ? 1 : 0;
      const spec = argument(call, "spec", 2 + offset) ?? argument(call, "spec_set", 4 + offset);
      if (spec && spec.type !== "none") return true;
      const factory = argument(call, "new_callable", 6 + offset);
      const factoryParts = factory ? dottedParts(factory) : null;
      if (factory && factory.type !== "none" && !(factoryParts && MOCK_CLASSES.has(factoryParts[factoryParts.length - 1]))) return true;
      const autospec = argument(call, "autospec", 5 + offset);
      if (autospec && autospec.type !== "none" && autospec.type !== "false") return true;
      const replacement = argument(call, "new", 1 + offset);
      return replacement !== null && !(replacement.type === "call" && isMockClass(replacement) !== null && !mockHasSpec(replacement));
    };
    const patchFacts = (call, ancestors) => {
      const kind = patchKind(call, ancestors);
      if (!kind) return null;
      const target = patchTarget(call, kind, ancestors);
      if (!target) return null;
      return { kind, target, verdict: targetVerdict(target) };
    };
    const reportPatch = (call, target, verdict) => {
      const what = verdict.maker ? `${verdict.what} ${verdict.what === "model" ? "loader" : "factory"}` : verdict.what;
      ctx.report({ node: call, messageId: "patch", data: { patch: model.calleeParts(call).join("."), target: target.join("."), what: withArticle(what) } });
    };
    const bindingOf = (call) => {
      let node = call;
      let parent = node.parent;
      while (parent?.type === "parenthesized_expression" || parent?.type === "boolean_operator" || parent?.type === "conditional_expression") {
        node = parent;
        parent = node.parent;
      }
      if (!parent) return null;
      switch (parent.type) {
        case "assignment": {
          if (parent.childForFieldName("right")?.id !== node.id) return null;
          for (let a = parent; a?.type === "assignment"; a = a.parent) {
            const left = a.childForFieldName("left");
            if (left && isModuleStubMember(left)) return null;
            const name = targetName(left);
            if (name && nameVerdict(name)) return left?.type === "identifier" ? { name, local: left } : { name };
          }
          return null;
        }
        case "expression_list": {
          const assignment = parent.parent;
          if (assignment?.type !== "assignment") return null;
          const left = assignment.childForFieldName("left");
          const index = parent.namedChildren.findIndex((c) => c?.id === node.id);
          const target = left && (left.type === "pattern_list" || left.type === "tuple_pattern") ? left.namedChild(index) : null;
          const name = targetName(target);
          return name ? { name } : null;
        }
        case "keyword_argument": {
          const keyword2 = parent.childForFieldName("name")?.text ?? "";
          const outer = parent.parent?.parent;
          if (!outer || outer.type !== "call") return null;
          if (keyword2 === "return_value") return isMockClass(outer) ? null : { patch: outer };
          if (isMockClass(outer) || patchKind(outer, ctx.ancestors)) return null;
          return { name: keyword2 };
        }
        case "pair": {
          if (parent.childForFieldName("value")?.id !== node.id) return null;
          const key = stringValue(parent.childForFieldName("key"));
          if (key && /^[A-Za-z_]+$/.test(key)) return { name: key };
          return memberOf(parent.parent);
        }
        case "list":
        case "tuple":
          return memberOf(parent);
        case "argument_list": {
          const outer = parent.parent;
          const parts = outer ? model.calleeParts(outer) : null;
          if (!outer || !parts || parts.length !== 2 || parts[1] !== "setattr" || !/monkeypatch/.test(parts[0])) return null;
          const args = parent.namedChildren.filter((c) => c !== null && c.type !== "comment");
          const at = args.findIndex((c) => c.id === node.id);
          let target = null;
          if (at === 1) target = stringValue(args[0])?.split(".") ?? null;
          else if (at === 2) {
            const attr = stringValue(args[1]);
            const owner = model.qualifiedName(args[0], ctx.ancestors)?.split(".") ?? dottedParts(args[0]) ?? [];
            target = attr ? [...owner, attr] : null;
          }
          const verdict = target ? targetVerdict(target) : null;
          return verdict ? { name: target[target.length - 1], verdict } : null;
        }
        case "return_statement":
        case "yield": {
          const fn = enclosingFunction(ctx.ancestors);
          if (fn?.type !== "function_definition") return null;
          const name = model.nameOf(fn.node)?.replace(/^_+/, "") ?? "";
          const factory = FACTORY_VERB.exec(name);
          return { name: factory ? name.slice(factory[0].length) : name };
        }
        default:
          return null;
      }
    };
    const memberOf = (collection) => {
      const parent = collection?.parent;
      let plural = null;
      if (parent?.type === "assignment" && parent.childForFieldName("right")?.id === collection.id) plural = targetName(parent.childForFieldName("left"));
      else if (parent?.type === "keyword_argument") plural = parent.childForFieldName("name")?.text ?? null;
      const bare = plural?.replace(/^_+/, "") ?? "";
      if (!/[^s]s$/.test(bare)) return null;
      const name = bare.slice(0, -1);
      return nameVerdict(name) ? { name } : null;
    };
    const isModuleStubMember = (target) => {
      if (target.type !== "attribute") return false;
      let object = target.childForFieldName("object");
      if (!object) return false;
      const made = model.constructedBy(object, ctx.ancestors);
      if (made === "types.ModuleType") return true;
      while (object.type === "attribute") object = object.childForFieldName("object");
      const root = model.constructedBy(object, ctx.ancestors);
      return root !== null && MOCK_CLASSES.has(root.slice(root.lastIndexOf(".") + 1)) && /\bsys\.modules\b/.test(ctx.file.source);
    };
    const errorPathOnly = (call, local) => {
      if (inRaisesBlock(call)) return true;
      const fn = local ? enclosingFunction(ctx.ancestors) : void 0;
      if (!local || fn?.type !== "function_definition") return false;
      let uses = 0;
      for (const id of fn.node.descendantsOfType("identifier")) {
        if (!id || id.startIndex <= local.endIndex || id.text !== local.text) continue;
        if (!inRaisesBlock(id)) return false;
        uses++;
      }
      return uses > 0;
    };
    return {
      call(node) {
        const mock = isMockClass(node);
        if (mock) {
          if (mockHasSpec(node) || raisesOnly(node)) return;
          const binding = bindingOf(node);
          if (!binding) return;
          if ("patch" in binding) {
            const facts2 = patchFacts(binding.patch, ctx.ancestors);
            if (!facts2?.verdict || !patchHasSpec(binding.patch, facts2.kind)) return;
            ctx.report({ node, messageId: "returnValue", data: { target: facts2.target.join("."), mock, what: facts2.verdict.what } });
            return;
          }
          const verdict = binding.verdict ?? nameVerdict(binding.name);
          if (verdict && !errorPathOnly(node, binding.local)) ctx.report({ node, messageId: "bareMock", data: { name: binding.name, mock, what: withArticle(verdict.what) } });
          return;
        }
        const facts = patchFacts(node, ctx.ancestors);
        if (!facts || patchHasSpec(node, facts.kind) || suppliesStandIn(node)) return;
        if (facts.verdict) {
          reportPatch(node, facts.target, facts.verdict);
          return;
        }
        const last = facts.target[facts.target.length - 1];
        if (ctx.file.isTest && /^[A-Z]\w*[a-z]/.test(last) && facts.target.length > 1 && !LIBRARY_ROOTS.has(facts.target[0])) {
          const candidate = { target: facts.target.join("."), shown: model.calleeParts(node).join("."), location: ctx.locate(node) };
          ctx.record(candidate);
        }
      }
    };
  },
  project(ctx) {
    for (const { path: path2, data } of ctx.records()) {
      const c = data;
      const cls = ctx.index.canonical(c.target);
      if (!ctx.index.ancestors(cls).some((a) => TORCH_MODULE_CLASSES.has(a))) continue;
      ctx.report({ path: path2, location: c.location, messageId: "patch", data: { patch: c.shown, target: c.target, what: "a model" } });
    }
  }
});
function mockHasSpec(call) {
  if (hasSplat(call)) return true;
  for (const kw of ["spec", "spec_set", "wraps"]) {
    const value = argument(call, kw, kw === "spec" ? 0 : void 0);
    if (value && value.type !== "none") return true;
  }
  return false;
}
function suppliesStandIn(patch) {
  for (const kw of ["return_value", "side_effect"]) {
    const value = argument(patch, kw);
    if (!value) continue;
    const callee = value.type === "call" ? value.childForFieldName("function") : null;
    const parts = callee ? dottedParts(callee) : null;
    if (parts && MOCK_CLASSES.has(parts[parts.length - 1])) continue;
    return true;
  }
  return false;
}
var RAISES = /^(?:\w+\s*\.\s*)*(?:raises|assertRaises|assertRaisesRegex)\s*\(/;
function inRaisesBlock(node) {
  for (let child = node, p = node.parent; p; child = p, p = p.parent) {
    if (p.type === "function_definition" || p.type === "lambda") return false;
    if (p.type !== "with_statement" || p.childForFieldName("body")?.id !== child.id) continue;
    const items = p.namedChildren.find((c) => c?.type === "with_clause")?.namedChildren ?? [];
    if (items.some((item) => item !== null && RAISES.test(item.text))) return true;
  }
  return false;
}
function raisesOnly(call) {
  const effect = argument(call, "side_effect");
  if (!effect) return false;
  const name = effect.type === "call" ? effect.childForFieldName("function") : effect;
  const parts = name ? dottedParts(name) : null;
  return parts !== null && /(?:Error|Exception|Interrupt|Exit)$/.test(parts[parts.length - 1]);
}
function targetName(target) {
  if (!target) return null;
  if (target.type === "identifier") return target.text;
  if (target.type === "attribute") return target.childForFieldName("attribute")?.text ?? null;
  if (target.type === "subscript") {
    const key = stringValue(target.childForFieldName("subscript"));
    return key && /^[A-Za-z_]\w*$/.test(key) ? key : null;
  }
  return null;
}
function literalTail(node) {
  if (!node) return null;
  const plain = stringValue(node);
  if (plain !== null) return plain;
  if (node.type !== "string") return null;
  let tail = "";
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === "interpolation") tail = "";
    else if (child.type === "string_content") tail += child.text;
  }
  return tail.startsWith(".") ? tail.slice(1) : null;
}

// rules/python-test-writer/test-join-without-timeout.ts
var test_join_without_timeout_exports = {};
__export(test_join_without_timeout_exports, {
  default: () => test_join_without_timeout_default
});
import path from "node:path";
var WAITED_BY = {
  join: /* @__PURE__ */ new Set(["process", "thread"]),
  wait: /* @__PURE__ */ new Set(["event"])
};
var THREAD_CLASSES = /* @__PURE__ */ new Set(["threading.Thread", "threading.Timer"]);
var EVENT_CLASSES = /* @__PURE__ */ new Set(["threading.Event", "multiprocessing.Event"]);
var FIXTURE_DECORATOR = /^(?:[A-Za-z_][\w.]*\.)?fixture\b/;
var FIXTURE_NAME = /\bname\s*=\s*(['"])([A-Za-z_]\w*)\1/;
var ENDS_CHILD = /* @__PURE__ */ new Set(["kill", "terminate"]);
var SETS_EVENT = /* @__PURE__ */ new Set(["set"]);
var CLEARS_EVENT = /* @__PURE__ */ new Set(["clear"]);
function seconds2(n) {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}
function addTimeout2(call, method, receiver, timeout, value, source) {
  const literal = seconds2(value);
  const check = method === "join" ? `assert \`not ${receiver}.is_alive()\` after it` : "assert what `wait` returns (False on timeout)";
  const title = `Pass \`timeout=${literal}\` (unsafe: the call then returns after ${literal} s even if it did not finish; ${check})`;
  if (timeout) return { title, applicability: "unsafe", edits: [{ start: timeout.startIndex, end: timeout.endIndex, text: literal }] };
  const edit = appendArgument(call, `timeout=${literal}`, source);
  return edit ? { title, applicability: "unsafe", edits: [edit] } : void 0;
}
function waitedKind(kind) {
  return kind === "process" || kind === "thread" || kind === "event" ? kind : void 0;
}
function kindOfClassBases(bases) {
  if (bases.some((b) => PROCESS_CLASSES.has(b))) return "process";
  if (bases.some((b) => THREAD_CLASSES.has(b))) return "thread";
  if (bases.some((b) => EVENT_CLASSES.has(b))) return "event";
  return void 0;
}
function provided(model, node, scope) {
  const constructions = model.constructionsOf(node, scope);
  const callees = constructions.map(({ call, scope: s }) => model.calleeName(call, s));
  if (callees.some((c) => c?.startsWith("asyncio."))) return { classes: [] };
  const known = model.kindOf(node, scope);
  const kind = waitedKind(known);
  if (kind) return { kind, classes: [] };
  if (known !== null) return { classes: [] };
  const classes = [];
  for (const callee of callees) {
    if (!callee) continue;
    const local = model.classByQname(callee);
    if (local) {
      const fromBases = model.inheritsFrom(callee, PROCESS_CLASSES) ? "process" : model.inheritsFrom(callee, THREAD_CLASSES) ? "thread" : model.inheritsFrom(callee, EVENT_CLASSES) ? "event" : void 0;
      if (fromBases) return { kind: fromBases, classes: [] };
      continue;
    }
    if (/(?:^|\.)[A-Z]\w*$/.test(callee) && callee.includes(".")) classes.push(callee);
  }
  return { classes: [...new Set(classes)].sort() };
}
var COROUTINE_CONSUMERS = /* @__PURE__ */ new Set(["wait_for", "create_task", "ensure_future", "gather", "shield", "run_until_complete", "run_coroutine_threadsafe"]);
function handedToAsyncio(model, call, ancestors) {
  const args = call.parent;
  const outer = args?.type === "argument_list" ? args.parent : null;
  if (outer?.type !== "call") return false;
  const callee = model.calleeName(outer, ancestors);
  const last = callee?.split(".").pop() ?? model.methodCall(outer)?.method;
  return callee?.startsWith("asyncio.") === true || last !== void 0 && COROUTINE_CONSUMERS.has(last);
}
function fixtureValues(fn) {
  const nested = fn.descendantsOfType(["function_definition", "lambda"]).filter((n) => n !== null && n.id !== fn.id);
  const out = [];
  for (const n of fn.descendantsOfType(["return_statement", "yield"])) {
    if (!n || nested.some((d) => d.startIndex <= n.startIndex && n.endIndex <= d.endIndex)) continue;
    const value = n.namedChild(0);
    if (value && value.type !== "none") out.push(value);
  }
  return out;
}
function fixturesOf(model) {
  const out = /* @__PURE__ */ new Map();
  for (const { capture, ancestors } of model.functions) {
    const decorators = model.decoratorsOf(capture.node);
    const mark = decorators.find((d) => FIXTURE_DECORATOR.test(d));
    if (mark === void 0) continue;
    const name = FIXTURE_NAME.exec(mark)?.[2] ?? model.nameOf(capture.node);
    if (!name || out.has(name)) continue;
    const scope = [...ancestors, capture];
    const found = { classes: [] };
    for (const value of fixtureValues(capture.node)) {
      const p = provided(model, value, scope);
      found.kind ??= p.kind;
      found.classes.push(...p.classes);
    }
    out.set(name, found);
  }
  return out;
}
function parameterOf(model, receiver, ancestors) {
  if (receiver.type !== "identifier") return void 0;
  const key = model.bindingKey(receiver.text, ancestors);
  const id = key === null ? NaN : Number(key.slice(0, key.indexOf(":")));
  const fn = ancestors.find((a) => a.node.id === id && a.type === "function_definition");
  if (!fn || !model.parameterNames(fn.node).includes(receiver.text)) return void 0;
  const isTest = /^test/.test(model.nameOf(fn.node) ?? "");
  return isTest || model.decoratorsOf(fn.node).some((d) => FIXTURE_DECORATOR.test(d)) ? fn : void 0;
}
function cannotWaitLong(model, method, receiverText, offset, ancestors) {
  if (method === "join") return model.flow.callsOn(receiverText, ENDS_CHILD, ancestors).some((at) => at < offset);
  const sets = model.flow.callsOn(receiverText, SETS_EVENT, ancestors).filter((at) => at < offset);
  if (sets.length === 0) return false;
  const lastSet = Math.max(...sets);
  return !model.flow.callsOn(receiverText, CLEARS_EVENT, ancestors).some((at) => at > lastSet && at < offset);
}
var MAIN_GUARD = /^if\s+__name__\s*==\s*(['"])__main__\1\s*:/m;
var PYTEST_CODE = /^[ \t]*(?:async[ \t]+def[ \t]+test|def[ \t]+test|class[ \t]+Test)|\bfixture\b|\bTestCase\b/m;
var PYTEST_MODULE = /^(?:test_\w*|\w+_test|conftest)\.py$/;
function isScript(file) {
  if (!MAIN_GUARD.test(file.source)) return false;
  return !PYTEST_MODULE.test(path.posix.basename(file.path)) || !PYTEST_CODE.test(file.source);
}
function normalise(text) {
  return text.replace(/\s+/g, " ").replace(/\s*([.()])\s*/g, "$1").trim();
}
function alreadyDone(method, receiverText, call, ancestors) {
  const r = normalise(receiverText);
  const done = method === "join" ? [`not ${r}.is_alive()`, `${r}.exitcode is not None`] : [`${r}.is_set()`];
  for (const a of ancestors) {
    if (a.type !== "if_statement" && a.type !== "elif_clause") continue;
    const body = a.node.childForFieldName("consequence");
    if (!body || call.startIndex < body.startIndex || call.endIndex > body.endIndex) continue;
    const condition = a.node.childForFieldName("condition");
    const parts = condition ? normalise(condition.text).replace(/^\((.*)\)$/, "$1").split(" and ") : [];
    if (parts.some((p) => done.includes(p))) return true;
  }
  return false;
}
function within(dir, ancestor) {
  return ancestor === "." || dir === ancestor || dir.startsWith(`${ancestor}/`);
}
var test_join_without_timeout_default = defineRule({
  code: "PTL602",
  name: "test-join-without-timeout",
  agent: "python-test-writer",
  severity: "warning",
  enabledByDefault: true,
  testCode: "only",
  docs: {
    summary: "A test joins a process or thread, or waits on an event, without a timeout: a hung child hangs the whole CI run.",
    why: "A test that starts a worker and then calls `p.join()`, `t.join()` or `ready.wait()` with no timeout trusts the child to finish and the event to be set. When a change makes the worker deadlock, crash before it signals, or wait on a queue nobody fills, the test does not fail: it blocks, and the CI job sits until the runner kills it hours later, with no report of which test hung. With `join(timeout=...)` followed by `assert not p.is_alive()`, or `assert ready.wait(timeout=...)`, the same bug is one red test with a name. Reported only in test code (files matching `test-paths`), where the process, thread or event is built in the test, by a fixture of the same file or of a `conftest.py`, or in `setUp` (`self.worker`), including instances of the project's `Thread` and `Process` subclasses; a daemon thread is no exception, since the join still blocks. Also reported: `[p.join() for p in procs]`, `for t in threads: t.join()`, and a `ProcessContext` from `torch.multiprocessing.spawn(..., join=False)` joined without a timeout. Not reported: a timeout given (`join(5)`, `wait(timeout=1.0)`; `None` is no timeout); a test bounded by pytest-timeout (`@pytest.mark.timeout(...)` on the test or its class, or the module's `pytestmark`); a join after `kill()`/`terminate()` or under `if not p.is_alive():`; a wait after the same function `set()` the event or under `if ev.is_set():`; an asyncio event's `wait()` (awaited, or handed to `asyncio.wait_for`); `spawn(..., join=True)` and `JoinableQueue.join()`, which cannot take a timeout; and a script kept among the tests and run by hand (a `__main__` guard in a file pytest does not collect, or with no test, test class or fixture). A global timeout in the pytest configuration (`timeout = N`, `--timeout`) bounds every test too; with one, this rule can be turned off.",
    bad: "import threading\n\ndef test_worker_reports():\n    results = []\n    worker = threading.Thread(target=lambda: results.append(1))\n    worker.start()\n    worker.join()\n    assert results == [1]\n",
    good: "import threading\n\ndef test_worker_reports():\n    results = []\n    worker = threading.Thread(target=lambda: results.append(1))\n    worker.start()\n    worker.join(timeout=10)\n    assert not worker.is_alive()\n    assert results == [1]\n"
  },
  fixable: "unsafe",
  callees: ["join", "wait"],
  options: external_exports.object({
    "fix-timeout": external_exports.number().positive().max(3600).default(10).describe("seconds the fix passes as `timeout=`: how long a test waits for its child before it fails")
  }).strict(),
  messages: {
    join: "`{{receiver}}.join()` without a timeout waits forever if the {{kind}} hangs, and a hung test hangs the whole CI run; pass `timeout=` and assert `not {{receiver}}.is_alive()`",
    wait: "`{{receiver}}.wait()` without a timeout blocks forever if the event is never set, and a hung test hangs the whole CI run; pass `timeout=` and assert what it returns"
  },
  create(ctx) {
    if (!ctx.file.isTest || isScript(ctx.file)) return {};
    const { model } = ctx;
    let fixtures;
    const fixturesHere = () => fixtures ??= fixturesOf(model);
    const isConftest = path.posix.basename(ctx.file.path) === "conftest.py";
    const visitors = {
      call(node) {
        const call = model.methodCall(node);
        const wanted = call ? WAITED_BY[call.method] : void 0;
        if (!call || !wanted || hasSplat(node) || model.isAwaited(node)) return;
        if (call.method === "wait" && handedToAsyncio(model, node, ctx.ancestors)) return;
        const args = node.childForFieldName("arguments");
        if (args?.type !== "argument_list") return;
        const timeout = argument(node, "timeout", 0);
        const given = args.namedChildren.filter((a) => a !== null && a.type !== "comment");
        if (given.length > 1 || given.length === 1 && !timeout) return;
        if (timeout && timeout.type !== "none") return;
        const { ancestors } = ctx;
        if (inTimedTest(model, ancestors)) return;
        if (cannotWaitLong(model, call.method, call.receiverText, node.startIndex, ancestors)) return;
        if (alreadyDone(call.method, call.receiverText, node, ancestors)) return;
        let found = provided(model, call.receiver, ancestors);
        let fixture;
        if (!found.kind && found.classes.length === 0) {
          const fn = parameterOf(model, call.receiver, ancestors);
          if (fn) {
            const local = fixturesHere().get(call.receiver.text);
            if (local) found = local;
            else fixture = call.receiver.text;
          }
        }
        const receiver = call.receiverText.length <= 40 ? call.receiverText : call.method === "join" ? "worker" : "event";
        if (found.kind) {
          if (!wanted.has(found.kind)) return;
          const fix = addTimeout2(node, call.method, receiver, timeout, ctx.options["fix-timeout"], ctx.file.source);
          ctx.report({ node, messageId: call.method === "join" ? "join" : "wait", data: { receiver, kind: found.kind }, fix });
          return;
        }
        if (fixture === void 0 && found.classes.length === 0) return;
        const candidate = {
          type: "wait",
          method: call.method,
          receiver,
          location: ctx.locate(node),
          ...fixture !== void 0 ? { fixture } : {},
          ...found.classes.length > 0 ? { classes: found.classes } : {}
        };
        ctx.record(candidate);
      }
    };
    if (isConftest) {
      visitors["module"] = () => {
        for (const [name, p] of fixturesHere()) {
          const record = { type: "fixture", name, ...p.kind ? { kind: p.kind } : {}, ...p.classes.length > 0 ? { classes: [...new Set(p.classes)].sort() } : {} };
          ctx.record(record);
        }
      };
    }
    return visitors;
  },
  project(ctx) {
    const kindOfClasses = (classes) => {
      for (const c of classes ?? []) {
        const kind = kindOfClassBases(ctx.index.ancestors(c));
        if (kind) return kind;
      }
      return void 0;
    };
    const conftest = /* @__PURE__ */ new Map();
    for (const { path: file, data } of ctx.records()) {
      const r = data;
      if (r.type !== "fixture") continue;
      let list = conftest.get(r.name);
      if (!list) conftest.set(r.name, list = []);
      list.push({ dir: path.posix.dirname(file), provided: r.kind ?? kindOfClasses(r.classes) });
    }
    for (const { path: file, data } of ctx.records()) {
      const r = data;
      if (r.type !== "wait") continue;
      let kind = kindOfClasses(r.classes);
      if (!kind && r.fixture !== void 0) {
        const dir = path.posix.dirname(file);
        const nearest = (conftest.get(r.fixture) ?? []).filter((f) => within(dir, f.dir)).sort((a, b) => b.dir.length - a.dir.length)[0];
        kind = nearest?.provided;
      }
      if (!kind || !WAITED_BY[r.method]?.has(kind)) continue;
      ctx.report({ path: file, location: r.location, messageId: r.method === "join" ? "join" : "wait", data: { receiver: r.receiver, kind } });
    }
  }
});

export {
  capture_never_released_exports,
  layer_violation_exports,
  deep_inheritance_exports,
  not_implemented_base_exports,
  untyped_queue_message_exports,
  asyncio_cpu_bound_exports,
  consumer_without_shutdown_exports,
  join_before_drain_exports,
  process_start_without_main_guard_exports,
  producer_without_poison_pill_exports,
  queue_get_without_timeout_exports,
  shared_memory_never_unlinked_exports,
  terminate_for_shutdown_exports,
  unbounded_frame_queue_exports,
  unpicklable_process_target_exports,
  cuda_in_forked_process_exports,
  forward_called_directly_exports,
  inference_without_no_grad_exports,
  model_load_in_loop_exports,
  model_not_in_eval_mode_exports,
  onnx_session_without_providers_exports,
  per_frame_allocation_exports,
  unchecked_frame_read_exports,
  syntax_error_exports,
  untyped_def_exports,
  unused_noqa_exports,
  credentials_in_url_exports,
  image_bomb_check_disabled_exports,
  insecure_ipc_listener_exports,
  trust_remote_code_exports,
  unpinned_hub_download_exports,
  unsafe_deserialization_exports,
  unsafe_torch_load_exports,
  float_equality_on_model_output_exports,
  mock_without_spec_exports,
  test_join_without_timeout_exports
};
