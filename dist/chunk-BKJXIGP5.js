import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  inTimedTest
} from "./chunk-LZSHKDMZ.js";
import {
  AGENTS,
  LOOP_TYPES,
  PROCESS_CLASSES,
  SEVERITIES,
  SYNC_QUEUE_KINDS,
  TEST_CODE_POLICIES,
  TORCH_MODULE_CLASSES,
  __export,
  argument,
  defineRule,
  enclosingFunction,
  external_exports,
  firstSyntaxError,
  hasSplat,
  innermost,
  isTruthyLiteral,
  isValidRegex,
  parameterName,
  patternOption,
  positionalArguments,
  queueNamePatternOption,
  regex
} from "./chunk-OSBMAGKX.js";

// src/engine/registry.ts
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
var RULES_DIR = fileURLToPath(new URL("../../rules/", import.meta.url));
var metaSchema = external_exports.object({
  code: external_exports.string().regex(/^PTL\d{3}$/, "codes are PTL + three digits"),
  name: external_exports.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "names are kebab-case"),
  agent: external_exports.enum(AGENTS),
  severity: external_exports.enum(SEVERITIES),
  enabledByDefault: external_exports.boolean(),
  docs: external_exports.object({
    summary: external_exports.string().min(1),
    why: external_exports.string().min(1),
    bad: external_exports.string().min(1),
    good: external_exports.string().min(1)
  }),
  options: external_exports.custom((v) => v instanceof external_exports.ZodType, "options must be a zod schema"),
  messages: external_exports.record(external_exports.string(), external_exports.string().min(1)),
  fixable: external_exports.enum(["safe", "unsafe"]).optional(),
  testCode: external_exports.enum(TEST_CODE_POLICIES).optional(),
  precision: external_exports.enum(["very-high", "high", "medium", "low"]).optional(),
  security: external_exports.object({ cwe: external_exports.array(external_exports.number().int().positive()).min(1), severity: external_exports.number().min(0.1).max(10) }).strict().optional(),
  textTriggers: external_exports.record(external_exports.string(), external_exports.instanceof(RegExp)).optional(),
  callees: external_exports.array(external_exports.string().regex(/^\*?[A-Za-z_]\w*$/, "callee names are identifiers, or *Suffix")).min(1).optional(),
  create: external_exports.function(),
  project: external_exports.function().optional()
}).strict();
var cache;
var bundled;
function useBundledRules(modules) {
  bundled = modules;
  cache = void 0;
}
function codeFingerprint() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const built = path.join(here, "code-fingerprint");
  if (bundled && existsSync(built)) return readFileSync(built, "utf8").trim();
  const hash = createHash("sha256");
  for (const dir of bundled ? [here] : [here, RULES_DIR]) {
    for (const entry of readdirSync(dir, { recursive: true }).sort()) {
      if (!/\.(ts|js)$/.test(entry)) continue;
      hash.update(entry).update(readFileSync(path.join(dir, entry)));
    }
  }
  return hash.digest("hex").slice(0, 16);
}
function ruleFiles(dir) {
  const files = [];
  for (const agent of readdirSync(dir, { withFileTypes: true })) {
    if (!agent.isDirectory()) continue;
    for (const f of readdirSync(path.join(dir, agent.name))) {
      if (/\.(ts|js)$/.test(f) && !f.endsWith(".d.ts")) files.push(path.join(dir, agent.name, f));
    }
  }
  return files.sort();
}
function loadRules(dir = RULES_DIR) {
  const builtin = dir === RULES_DIR;
  if (builtin && cache) return cache;
  const loading = (async () => {
    const modules = builtin && bundled ? bundled : await Promise.all(ruleFiles(dir).map(async (file) => [file, await import(pathToFileURL(file).href)]));
    const loaded = [];
    for (const [file, mod] of modules) {
      const parsed = metaSchema.safeParse(mod.default, { jitless: true });
      if (!parsed.success) {
        throw new Error(`invalid rule module ${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      }
      loaded.push({ rule: mod.default, file });
    }
    loaded.sort((a, b) => a.rule.code.localeCompare(b.rule.code));
    const codes = /* @__PURE__ */ new Set();
    for (const { rule, file } of loaded) {
      if (codes.has(rule.code)) throw new Error(`duplicate rule code ${rule.code} in ${file}`);
      codes.add(rule.code);
    }
    return loaded;
  })();
  if (builtin) cache = loading;
  return loading;
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
    why: "An asyncio service runs every request on one thread. Model inference, tensor maths, image processing or `time.sleep` called directly in a coroutine blocks that thread: every other request, health check and websocket waits, latency spikes and timeouts cascade. asyncio is for I/O concurrency; move CPU-bound work to an executor (`await loop.run_in_executor(pool, fn, x)` or `await asyncio.to_thread(fn, x)`) or a process pool, and use `await asyncio.sleep()`. The blocking work may be one call away: a sync function of the project that (through its own calls, across files) runs `subprocess.run`, a blocking HTTP call, `time.sleep` or inference, called from a coroutine, is reported at that call with the chain (`render_clip() \u2192 subprocess.run`). Not reported in test code, where nothing else waits on the event loop; tiny constant tensors (`torch.zeros(2, 2)`) are not reported.",
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
    const within = (name, prefixes, prefixRoots) => {
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
    const classify = (node) => {
      const qname = ctx.model.calleeName(node, ctx.ancestors);
      if (qname) {
        if (blocking.has(qname)) {
          const remedy2 = qname === "time.sleep" ? "use `await asyncio.sleep(...)`" : "use an async client or `await asyncio.to_thread(...)`";
          return { callee: qname, remedy: remedy2 };
        }
        if (within(qname, cpuBound, cpuRoots) && !within(qname, allowed, allowedRoots) && !CHEAP_QUERIES.has(qname.slice(qname.lastIndexOf(".") + 1))) {
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
        const hit = classify(node);
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
    for (const { path: path3, data } of ctx.records()) {
      const c = data;
      if (c.kind !== "call") continue;
      const once = `${path3}\0${c.fnStart}\0${c.callee}`;
      if (reported.has(once)) continue;
      const chain = ctx.index.callChain(c.callee, (fn) => leafOf.get(fn));
      if (!chain) continue;
      reported.add(once);
      ctx.report({
        path: path3,
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

// rules/python-async-specialist/producer-without-poison-pill.ts
var producer_without_poison_pill_exports = {};
__export(producer_without_poison_pill_exports, {
  default: () => producer_without_poison_pill_default
});
var QUEUE_KINDS = /* @__PURE__ */ new Set(["queue", "simple-queue"]);
var SHUTDOWN_WORD = /^_*(?:shutdown|stop|stopped|sentinel|poison|poison_?pill|done|eof|end|exit|quit|terminate)_*$/i;
var SHUTDOWN_CLASS = /Shutdown|Stop|Sentinel|PoisonPill|Poison/;
var TYPE_KEYS = /* @__PURE__ */ new Set(["msg_type", "type", "kind", "command", "cmd", "action"]);
function unquote(node) {
  if (node.type !== "string") return null;
  const content = node.namedChildren.filter((c) => c?.type === "string_content");
  return content.length === 1 && node.namedChildren.length === 3 ? content[0].text : null;
}
function isShutdownMessage(message) {
  switch (message.type) {
    case "none":
      return true;
    case "identifier":
    case "attribute": {
      const last = message.type === "attribute" ? message.childForFieldName("attribute")?.text ?? "" : message.text;
      return /^_*[A-Z][A-Z0-9_]*$/.test(last) || SHUTDOWN_CLASS.test(last);
    }
    case "string": {
      const text = unquote(message);
      return text !== null && SHUTDOWN_WORD.test(text);
    }
    case "tuple": {
      const first = message.namedChild(0);
      return first !== null && isShutdownMessage(first);
    }
    case "dictionary":
      return message.namedChildren.some((pair) => {
        if (pair?.type !== "pair") return false;
        const key = pair.childForFieldName("key");
        const value = pair.childForFieldName("value");
        const keyText = key ? unquote(key) : null;
        const valueText = value ? unquote(value) : null;
        return keyText !== null && TYPE_KEYS.has(keyText) && valueText !== null && SHUTDOWN_WORD.test(valueText);
      });
    case "call": {
      const fn = message.childForFieldName("function");
      const last = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : fn?.text;
      if (last && SHUTDOWN_CLASS.test(last)) return true;
      for (const key of TYPE_KEYS) {
        const value = argument(message, key);
        const text = value ? unquote(value) : null;
        if (text !== null && SHUTDOWN_WORD.test(text)) return true;
      }
      return false;
    }
    default:
      return false;
  }
}
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
          if (!QUEUE_KINDS.has(ctx.model.kindOf(call.receiver, ctx.ancestors, hints) ?? "")) return;
          if (isShutdownMessage(message)) state.signalsShutdown = true;
          else if (insideLoopOfFunction()) state.putsInLoop = true;
        } else if (call.method === "set" && positionalArguments(node).length === 0) {
          if (ctx.model.kindOf(call.receiver, ctx.ancestors, hints) === "event") state.signalsShutdown = true;
        }
      }
    };
  },
  project(ctx) {
    for (const { path: path3, data } of ctx.records()) {
      const c = data;
      const isTarget = ctx.index.isProcessTarget(c.qname);
      const isRun = c.name === "run" && c.owner !== null && ctx.index.ancestors(c.owner).some((a) => PROCESS_CLASSES.has(a));
      if (isTarget || isRun) ctx.report({ path: path3, location: c.location, messageId: "noPill", data: { name: c.name } });
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
        const path3 = fallback(node);
        if (path3 === "error") return;
        alreadyStopping.add(key);
        if (path3 === "alive") return;
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
    for (const { path: path3, data } of ctx.records()) {
      const c = data;
      if (!c.known && !c.origins.some((o) => index.ancestors(o).some((a) => PROCESS_CLASSES.has(a)))) continue;
      if (c.method === "terminate" && c.origins.some(handlesSigterm)) continue;
      ctx.report({ path: path3, location: c.location, messageId: "terminate", data: { receiver: c.receiver, method: c.method } });
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
        const target = argument(node, "target", 1);
        const qname = target ? model.qualifiedName(target, ctx.ancestors) : null;
        if (!target || !qname) return;
        const record = (queue, slot, built) => {
          const text = typeof slot === "string" ? slot : queue.text;
          const candidate = { target: qname, slot, queue: text.length > 40 ? "queue" : text, location: ctx.locate(built) };
          ctx.record(candidate);
        };
        const selfOffset = target.type === "attribute" ? 1 : 0;
        const args = argument(node, "args", 3);
        if (args && (args.type === "tuple" || args.type === "list")) {
          args.namedChildren.forEach((item, i) => {
            const built = item ? unboundedQueue(item) : null;
            if (item && built) record(item, i + selfOffset, built);
          });
        }
        if (selfOffset === 1) {
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
    for (const { path: path3, data } of ctx.records()) {
      const c = data;
      const puts = ctx.index.functionsCalledAs(c.target).some((fn) => ctx.index.functionFacts(fn)?.loopPuts?.includes(c.slot));
      const key = `${path3}:${c.location.line}:${c.location.column}`;
      if (!puts || seen.has(key)) continue;
      seen.add(key);
      ctx.report({ path: path3, location: c.location, messageId: "unbounded", data: { queue: c.queue, target: c.target.split(".").pop() } });
    }
  }
});

// rules/python-ml-specialist/cuda-in-forked-process.ts
var cuda_in_forked_process_exports = {};
__export(cuda_in_forked_process_exports, {
  default: () => cuda_in_forked_process_default
});
var FORK_CLASSES = /* @__PURE__ */ new Set(["multiprocessing.context.ForkProcess"]);
var OTHER_METHOD_CLASSES = /* @__PURE__ */ new Set(["multiprocessing.context.SpawnProcess", "multiprocessing.context.ForkServerProcess"]);
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
    const methodOf2 = (node) => {
      const callee = model.calleeName(node, ctx.ancestors);
      if (callee && FORK_CLASSES.has(callee)) return "fork";
      if (callee && OTHER_METHOD_CLASSES.has(callee)) return void 0;
      const method = model.methodCall(node);
      if (!method || method.method !== "Process" || model.kindOf(method.receiver, ctx.ancestors) !== "mp-context") return "default";
      for (const { call } of model.constructionsOf(method.receiver, ctx.ancestors)) {
        const arg = argument(call, "method", 0);
        if (!arg) return "default";
        const name = /^['"](\w+)['"]$/.exec(arg.text)?.[1];
        return name === "fork" ? "fork" : name === void 0 ? "default" : void 0;
      }
      return "default";
    };
    return {
      call(node) {
        if (!model.mayConstructProcess(node) || model.kindOf(node, ctx.ancestors) !== "process") return;
        const method = methodOf2(node);
        if (!method) return;
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
    for (const { path: path3, data } of ctx.records()) {
      const c = data;
      if (c.method === "default" && !defaultIsFork) continue;
      const cuda = c.origins.find((o) => index.reaches(index.classByQname(o) ? `${o}.run` : o, (facts) => facts.cuda === true));
      if (!cuda) continue;
      const what = index.classByQname(cuda) ? `\`${cuda.split(".").pop()}.run()\`` : `its target \`${cuda.split(".").pop()}()\``;
      const how = c.method === "fork" ? "`fork`" : "the default start method (`fork` on Linux before Python 3.14)";
      ctx.report({ path: path3, location: c.location, messageId: "forked", data: { how, what } });
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
    for (const { path: path3, data } of ctx.records()) {
      const c = data;
      if (!ctx.index.ancestors(c.origin).some((a) => TORCH_MODULE_CLASSES.has(a))) continue;
      ctx.report({ path: path3, location: c.location, messageId: "direct", data: { receiver: c.receiver } });
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
    for (const { path: path3, data } of ctx.records()) {
      const c = data;
      if (c.origin && !ctx.index.ancestors(c.origin).some((a) => TORCH_MODULE_CLASSES.has(a))) continue;
      const reason = c.reason ?? (c.fn && ctx.index.isProcessTarget(c.fn) ? "in a process target" : void 0);
      if (reason) ctx.report({ path: path3, location: c.location, messageId: "autograd", data: { model: c.model, reason } });
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
    for (const { path: path3, data } of ctx.records()) {
      const c = data;
      if (c.classes.length > 0) {
        const modules = c.classes.filter((o) => ctx.index.ancestors(o).some((a) => TORCH_MODULE_CLASSES.has(a)));
        if (modules.length === 0 || modules.some((o) => ctx.index.reaches(o, (facts) => facts.evals === true))) continue;
      }
      const reason = c.reason ?? (c.fn && ctx.index.isProcessTarget(c.fn) ? "in a process target" : void 0);
      if (reason) ctx.report({ path: path3, location: c.location, messageId: "training", data: { model: c.model, reason } });
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
    summary: "Deserializers that can run code from the data they read: pickle and friends, `joblib.load`, `np.load(allow_pickle=True)`, `pd.read_pickle`, `shelve`, `jsonpickle`, and `yaml.load` without a safe Loader (CWE-502).",
    why: "Unpickling calls whatever callables the file names, and an unsafe YAML loader builds arbitrary Python objects from `!!python/object` tags: opening the file is running its author's code. ML teams load exactly these files from places they do not control \u2014 feature caches and sklearn heads on shared storage, checkpoints and configs downloaded from model hubs, messages read off Redis queues \u2014 so one poisoned artefact is code execution on the training cluster or the inference fleet. Keep data in formats that cannot carry code: `json`, `yaml.safe_load`, safetensors for weights, parquet for tables, `np.load(..., allow_pickle=False)` for arrays. Where pickle is unavoidable, subclass `pickle.Unpickler` with an allow-list in `find_class` (the rule leaves such subclasses alone).",
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
    yamlUnsafe: "`{{callee}}` builds arbitrary Python objects from `!!python/` tags; use `{{safe}}`"
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
    return {
      call(node) {
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

// src/engine/cache.ts
import { createHash as createHash2, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync as readFileSync2, renameSync, rmSync, writeFileSync, existsSync as existsSync2 } from "node:fs";
import path2 from "node:path";
var LAYOUT = "v1";
var FileCache = class _FileCache {
  constructor(dir, salt) {
    this.dir = dir;
    this.salt = salt;
  }
  dir;
  salt;
  disabled = false;
  /** Opens (creating) a cache directory; undefined, after one warning, when it cannot be written. */
  static open(dir, salt, warn) {
    try {
      mkdirSync(path2.join(dir, LAYOUT), { recursive: true });
      const ignore = path2.join(dir, ".gitignore");
      if (!existsSync2(ignore)) writeFileSync(ignore, "# Created by pyteam-lint: this directory is a cache.\n*\n");
      const tag = path2.join(dir, "CACHEDIR.TAG");
      if (!existsSync2(tag)) writeFileSync(tag, "Signature: 8a477f597d28d172789f06886806bc55\n# This is a cache directory created by pyteam-lint.\n");
      const probe = path2.join(dir, LAYOUT, `.probe-${process.pid}-${randomBytes(4).toString("hex")}`);
      writeFileSync(probe, "");
      rmSync(probe, { force: true });
    } catch (error) {
      warn(`cache directory ${dir} cannot be written (${error.code ?? String(error)}); running without a cache`);
      return void 0;
    }
    return new _FileCache(dir, salt);
  }
  /** Opens an already checked directory (in a worker); never warns. */
  static attach(dir, salt) {
    return new _FileCache(dir, salt);
  }
  key(parts, content) {
    const hash = createHash2("sha256").update(this.salt).update("\0");
    for (const p of parts) hash.update(p).update("\0");
    return hash.update(content).digest("hex");
  }
  file(key) {
    return path2.join(this.dir, LAYOUT, key.slice(0, 2), `${key}.json`);
  }
  get(key) {
    if (this.disabled) return void 0;
    try {
      const entry = JSON.parse(readFileSync2(this.file(key), "utf8"));
      return entry.key === key ? entry.value : void 0;
    } catch {
      return void 0;
    }
  }
  set(key, value) {
    if (this.disabled) return;
    const target = this.file(key);
    const temp = `${target}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      mkdirSync(path2.dirname(target), { recursive: true });
      writeFileSync(temp, JSON.stringify({ key, value }));
      renameSync(temp, target);
    } catch {
      this.disabled = true;
      rmSync(temp, { force: true });
    }
  }
};

export {
  useBundledRules,
  codeFingerprint,
  loadRules,
  deep_inheritance_exports,
  not_implemented_base_exports,
  untyped_queue_message_exports,
  asyncio_cpu_bound_exports,
  consumer_without_shutdown_exports,
  producer_without_poison_pill_exports,
  queue_get_without_timeout_exports,
  terminate_for_shutdown_exports,
  unbounded_frame_queue_exports,
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
  credentials_in_url_exports,
  unsafe_deserialization_exports,
  unsafe_torch_load_exports,
  FileCache
};
