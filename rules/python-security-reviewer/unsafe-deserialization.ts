import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule, type Fix } from '../../src/rule.js';
import type { Container } from '../../src/engine/traverse.js';
import { argument, hasSplat, isTruthyLiteral, positionalArguments } from '../../src/engine/model.js';

const PICKLE_MODULES = ['pickle', '_pickle', 'dill', 'cloudpickle'];
const PICKLE_LOADS = new Set(PICKLE_MODULES.flatMap((m) => [`${m}.load`, `${m}.loads`]));
const UNPICKLERS = new Set(PICKLE_MODULES.map((m) => `${m}.Unpickler`));

/** `yaml.load*` calls whose safety depends on the Loader they are given. */
const YAML_LOADS = new Set(['yaml.load', 'yaml.load_all']);
const YAML_UNSAFE_LOADS = new Set(['yaml.unsafe_load', 'yaml.unsafe_load_all']);

/**
 * Keras loaders and the position of their `safe_mode` parameter: with `safe_mode=False` a `.keras`
 * file's (or a config's) Lambda layers carry bytecode that is run.
 */
const KERAS_SAFE_MODE_POSITIONS: ReadonlyMap<string, number> = new Map(
  ['keras', 'tensorflow.keras', 'tf_keras'].flatMap((k): Array<[string, number]> => [
    // load_model(filepath, custom_objects=None, compile=True, safe_mode=True)
    [`${k}.models.load_model`, 3],
    [`${k}.saving.load_model`, 3],
    // deserialize_keras_object(config, custom_objects=None, safe_mode=True)
    [`${k}.saving.deserialize_keras_object`, 2],
  ]),
);
const KERAS_UNSAFE_SWITCHES: ReadonlySet<string> = new Set(
  ['keras', 'tensorflow.keras'].map((k) => `${k}.config.enable_unsafe_deserialization`),
);

const TORCH_PACKAGE_IMPORTERS: ReadonlySet<string> = new Set(['torch.package.PackageImporter', 'torch.package.package_importer.PackageImporter']);

/** torch.distributed collectives that pickle objects on one rank and unpickle them on the others. */
const OBJECT_COLLECTIVES: ReadonlySet<string> = new Set(
  ['recv_object_list', 'broadcast_object_list', 'scatter_object_list', 'gather_object', 'all_gather_object'].flatMap((f) => [
    `torch.distributed.${f}`,
    `torch.distributed.distributed_c10d.${f}`,
  ]),
);

/** Ends of a `multiprocessing.connection` socket: what `recv()` reads on them is unpickled. */
const LISTENERS: ReadonlySet<string> = new Set(['multiprocessing.connection.Listener']);
const CLIENTS: ReadonlySet<string> = new Set(['multiprocessing.connection.Client']);

/** Loaders that construct only plain data (the `yaml.loader` / `yaml.cyaml` spellings too). */
const SAFE_YAML_LOADERS: ReadonlySet<string> = new Set(
  ['SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader'].flatMap((name) => [
    `yaml.${name}`,
    `yaml.${name.startsWith('C') ? 'cyaml' : 'loader'}.${name}`,
  ]),
);

/** `yaml.load(f)` → `yaml.safe_load(f)`, when the call is just the stream and the callee is `<module>.load`. */
function safeLoadFix(call: Node, callee: string): Fix | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute') return undefined;
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  const given = args.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
  if (given.length !== 1 || positionalArguments(call).length !== 1) return undefined;
  const attribute = fn.childForFieldName('attribute');
  if (!attribute) return undefined;
  const replacement = callee === 'yaml.load_all' ? 'safe_load_all' : 'safe_load';
  return {
    title:
      `Call \`yaml.${replacement}\` instead (builds plain data only; a stream with Python-specific tags ` +
      'such as `!!python/object` will then fail to load)',
    applicability: 'unsafe',
    edits: [{ start: attribute.startIndex, end: attribute.endIndex, text: replacement }],
  };
}

/** `yaml.unsafe_load(f)` → `yaml.safe_load(f)`: the callee's attribute is renamed, nothing else changes. */
function renameToSafe(call: Node, safe: string): Fix | undefined {
  const fn = call.childForFieldName('function');
  const attribute = fn?.type === 'attribute' ? fn.childForFieldName('attribute') : null;
  if (!attribute) return undefined;
  const name = safe.slice(safe.lastIndexOf('.') + 1);
  return {
    title: `Call \`yaml.${name}\` instead (builds plain data only; a stream with Python-specific tags such as \`!!python/object\` will then fail to load)`,
    applicability: 'unsafe',
    edits: [{ start: attribute.startIndex, end: attribute.endIndex, text: name }],
  };
}

/** `np.load(p, allow_pickle=True)` → `allow_pickle=False`. */
function disallowPickle(value: Node): Fix {
  return {
    title: 'Pass `allow_pickle=False` (loads numeric arrays only; a file holding object arrays will then fail to load)',
    applicability: 'unsafe',
    edits: [{ start: value.startIndex, end: value.endIndex, text: 'False' }],
  };
}

/** `load_model(p, safe_mode=False)` → `safe_mode=True`. */
function enableSafeMode(value: Node): Fix {
  return {
    title: 'Pass `safe_mode=True` (refuses the bytecode of Lambda layers; a model that has them will then fail to load)',
    applicability: 'unsafe',
    edits: [{ start: value.startIndex, end: value.endIndex, text: 'True' }],
  };
}

export default defineRule({
  code: 'PTL302',
  name: 'unsafe-deserialization',
  agent: 'python-security-reviewer',
  severity: 'error',
  enabledByDefault: true,
  precision: 'very-high',
  security: { cwe: [502], severity: 8.1 },
  fixable: 'unsafe',
  docs: {
    summary:
      'Deserializers that can run code from the data they read: pickle and friends, `joblib.load`, ' +
      '`np.load(allow_pickle=True)`, `pd.read_pickle`, `shelve`, `jsonpickle`, `yaml.load` without a safe Loader, ' +
      'zmq `recv_pyobj`, `recv()` on a `multiprocessing.connection` socket, torch.distributed object collectives, ' +
      '`torch.package.PackageImporter`, and Keras loading with `safe_mode=False` (CWE-502).',
    why:
      'Unpickling calls whatever callables the file names, and an unsafe YAML loader builds arbitrary Python objects ' +
      'from `!!python/object` tags: opening the file is running its author\'s code. ML teams load exactly these files ' +
      'from places they do not control — feature caches and sklearn heads on shared storage, checkpoints and configs ' +
      'downloaded from model hubs, messages read off Redis queues — so one poisoned artefact is code execution on the ' +
      'training cluster or the inference fleet. Keep data in formats that cannot carry code: `json`, `yaml.safe_load`, ' +
      'safetensors for weights, parquet for tables, `np.load(..., allow_pickle=False)` for arrays. Where pickle is ' +
      'unavoidable, subclass `pickle.Unpickler` with an allow-list in `find_class` (the rule leaves such subclasses alone). ' +
      'The same holds on the wire: zmq `recv_pyobj()` and `recv()` on a connection accepted from a ' +
      '`multiprocessing.connection.Listener` (or opened with `Client`) unpickle whatever the peer sends, so anyone who can ' +
      'reach the port runs code; use `recv_json()` / `recv_bytes()` with msgpack or protobuf. torch.distributed\'s ' +
      '`broadcast_object_list`, `all_gather_object` and friends unpickle what other ranks send (PyTorch documents it: ' +
      'only with data you trust) — send tensors where you can, and keep the process group on a trusted network. ' +
      '`torch.package.PackageImporter` unpickles the package and runs its code; Keras `load_model(..., safe_mode=False)` ' +
      'and `keras.config.enable_unsafe_deserialization()` let a model file\'s Lambda layers carry bytecode. ' +
      '`recv()` on a `Pipe()` end, `recv_bytes()`, `recv_json()` and `recv_string()` are not reported. Reported in test ' +
      'code too: a test that unpickles a downloaded or shared artefact runs its code on the CI runner.',
    bad:
      'import pickle\n\nimport yaml\n\nwith open("features.pkl", "rb") as f:\n    features = pickle.load(f)\n' +
      'with open("train.yaml") as f:\n    cfg = yaml.load(f, Loader=yaml.FullLoader)\n',
    good:
      'import json\n\nimport yaml\n\nwith open("features.json") as f:\n    features = json.load(f)\n' +
      'with open("train.yaml") as f:\n    cfg = yaml.safe_load(f)\n',
  },
  options: z.object({}).strict(),
  messages: {
    pickle:
      '`{{callee}}` runs any code the pickled data carries; never unpickle data you did not produce — use `json`, or `safetensors` for weights',
    unpickler:
      '`{{callee}}` runs any code the pickled data carries; subclass it with an allow-list in `find_class`, or use `json` / `safetensors`',
    joblib:
      '`{{callee}}` unpickles the file and runs any code it carries; store weights as `safetensors` (or ONNX) and settings as `json`',
    numpy:
      '`{{callee}}` with `allow_pickle={{value}}` unpickles object arrays and runs any code they carry; store numeric arrays and use `np.load(..., allow_pickle=False)`',
    pandas:
      '`{{callee}}` unpickles the file and runs any code it carries; store tables as parquet and use `pd.read_parquet`',
    shelve:
      '`{{callee}}` stores pickles and runs any code a tampered shelf carries; use `sqlite3` or `json` for the values',
    jsonpickle:
      '`{{callee}}` rebuilds arbitrary Python objects named in the JSON and can run code; use `json.loads` and build the objects yourself',
    yamlNoLoader:
      '`{{callee}}` without a safe Loader builds arbitrary Python objects from `!!python/` tags; use `yaml.safe_load` or pass `Loader=yaml.SafeLoader`',
    yamlUnsafeLoader:
      '`{{callee}}` with `Loader={{loader}}` builds arbitrary Python objects from `!!python/` tags; use `yaml.safe_load` or pass `Loader=yaml.SafeLoader`',
    yamlUnknownLoader:
      '`{{callee}}` with a Loader that cannot be shown to be safe (`{{loader}}`) may build arbitrary Python objects; pass `Loader=yaml.SafeLoader` (or a subclass of it defined here)',
    yamlUnsafe:
      '`{{callee}}` builds arbitrary Python objects from `!!python/` tags; use `{{safe}}`',
    zmqPyobj:
      '`{{receiver}}.recv_pyobj()` unpickles the message and runs any code it carries, for anyone who can reach the socket; send JSON (`recv_json`) or msgpack/protobuf bytes (`recv`/`recv_multipart`)',
    connectionRecv:
      '`{{receiver}}.recv()` on a `multiprocessing.connection` socket unpickles what the peer sends and runs any code it carries; exchange bytes with `recv_bytes()` and decode them as JSON or msgpack',
    objectCollective:
      '`{{callee}}` unpickles the objects other ranks send and runs any code they carry; only safe on a trusted process group and network — send tensors where you can',
    torchPackage:
      '`{{callee}}` unpickles the package\'s objects and runs the code it ships; import only packages you built, or ship weights as `safetensors`',
    kerasSafeMode:
      '`{{callee}}` with `safe_mode={{value}}` lets the model file\'s Lambda layers run their bytecode; keep `safe_mode=True` and rebuild such layers in code',
    kerasUnsafe:
      '`{{callee}}()` turns off Keras\'s safe mode for every later load, so a model file\'s Lambda layers run their bytecode; rebuild such layers in code instead',
  },
  create(ctx) {
    /** True when `loader` names a safe loader or a class of this file that derives from one. */
    function isSafeLoader(qname: string): boolean {
      if (SAFE_YAML_LOADERS.has(qname)) return true;
      return ctx.model.classByQname(qname) !== undefined && ctx.model.inheritsFrom(qname, SAFE_YAML_LOADERS);
    }

    function checkYamlLoad(node: Node, callee: string): void {
      const loader = argument(node, 'Loader', 1);
      if (!loader) {
        if (hasSplat(node)) {
          ctx.report({ node, messageId: 'yamlUnknownLoader', data: { callee, loader: '**kwargs' } });
          return;
        }
        const fix = safeLoadFix(node, callee);
        ctx.report({ node, messageId: 'yamlNoLoader', data: { callee }, ...(fix ? { fix } : {}) });
        return;
      }
      const qname = ctx.model.qualifiedName(loader, ctx.ancestors);
      if (qname === null) {
        // A local variable or an expression: nothing proves it is a safe loader.
        ctx.report({ node, messageId: 'yamlUnknownLoader', data: { callee, loader: loader.text } });
      } else if (!isSafeLoader(qname)) {
        ctx.report({ node, messageId: 'yamlUnsafeLoader', data: { callee, loader: loader.text } });
      }
    }

    /** True when a value was built by one of `classes` (`Listener(...)`, `self.listener = Listener(...)`, `with Listener(...) as l`). */
    function builtBy(node: Node, ancestors: readonly Container[], classes: ReadonlySet<string>): boolean {
      const built = ctx.model.constructionsOf(node, ancestors);
      if (built.some(({ call, scope }) => classes.has(ctx.model.calleeName(call, scope) ?? ''))) return true;
      // A name or attribute annotated so (`self.listener: Listener`).
      return built.length === 0 && classes.has(ctx.model.constructedBy(node, ancestors) ?? '');
    }

    let importsListener: boolean | undefined;
    /** True when the file imports `multiprocessing.connection`'s Listener (or the module itself). */
    function fileImportsListener(): boolean {
      importsListener ??= [...ctx.model.moduleImports.values()].some(
        (q) => q === 'multiprocessing.connection' || LISTENERS.has(q) || (q === 'multiprocessing' && ctx.file.source.includes('connection.Listener')),
      );
      return importsListener;
    }

    /**
     * True when `listener` is a `multiprocessing.connection.Listener`: built by one here, or of
     * unknown origin (a parameter, an attribute set elsewhere) in a file that imports Listener —
     * an `accept()` without arguments whose result has a `recv()` without arguments is that API.
     */
    function isListener(listener: Node, ancestors: readonly Container[]): boolean {
      if (builtBy(listener, ancestors, LISTENERS)) return true;
      if (!fileImportsListener() || ctx.model.constructionsOf(listener, ancestors).length > 0) return false;
      const declared = ctx.model.constructedBy(listener, ancestors);
      return declared === null || declared === 'typing.Any' || declared === 'object';
    }

    /**
     * True when `receiver` is a connection of a `multiprocessing.connection` socket: accepted from a
     * `Listener` (`conn = listener.accept()`, `with l.accept() as conn`) or opened with `Client(...)`.
     * A `Pipe()` end and a `socket.socket` (whose `accept()` returns a pair) are not.
     */
    function isSocketConnection(receiver: Node, ancestors: readonly Container[]): boolean {
      for (const { call, scope } of ctx.model.constructionsOf(receiver, ancestors)) {
        if (CLIENTS.has(ctx.model.calleeName(call, scope) ?? '')) return true;
        const method = ctx.model.methodCall(call);
        if (method?.method === 'accept' && positionalArguments(call).length === 0 && isListener(method.receiver, scope)) return true;
      }
      return false;
    }

    /** The wire-level cases: zmq `recv_pyobj()` on any receiver, `recv()` on a Listener's or Client's connection. */
    function checkReceive(node: Node): boolean {
      const method = ctx.model.methodCall(node);
      if (!method) return false;
      if (method.method === 'recv_pyobj') {
        ctx.report({ node, messageId: 'zmqPyobj', data: { receiver: method.receiverText } });
        return true;
      }
      // `Connection.recv()` takes no arguments; `sock.recv(4096)` is a socket's bytes.
      if (method.method === 'recv' && !node.childForFieldName('arguments')?.namedChildCount && isSocketConnection(method.receiver, ctx.ancestors)) {
        ctx.report({ node, messageId: 'connectionRecv', data: { receiver: method.receiverText } });
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
          ctx.report({ node, messageId: 'pickle', data: { callee } });
        } else if (UNPICKLERS.has(callee)) {
          ctx.report({ node, messageId: 'unpickler', data: { callee } });
        } else if (callee === 'joblib.load') {
          ctx.report({ node, messageId: 'joblib', data: { callee } });
        } else if (callee === 'numpy.load') {
          const allowPickle = argument(node, 'allow_pickle', 2);
          if (allowPickle && isTruthyLiteral(allowPickle)) {
            ctx.report({ node, messageId: 'numpy', data: { callee, value: allowPickle.text }, fix: disallowPickle(allowPickle) });
          }
        } else if (callee === 'pandas.read_pickle') {
          ctx.report({ node, messageId: 'pandas', data: { callee } });
        } else if (callee === 'shelve.open') {
          ctx.report({ node, messageId: 'shelve', data: { callee } });
        } else if (callee === 'jsonpickle.decode') {
          ctx.report({ node, messageId: 'jsonpickle', data: { callee } });
        } else if (YAML_LOADS.has(callee)) {
          checkYamlLoad(node, callee);
        } else if (YAML_UNSAFE_LOADS.has(callee)) {
          const safe = callee.replace('unsafe_', 'safe_');
          const fix = renameToSafe(node, safe);
          ctx.report({ node, messageId: 'yamlUnsafe', data: { callee, safe }, ...(fix ? { fix } : {}) });
        } else if (OBJECT_COLLECTIVES.has(callee)) {
          ctx.report({ node, messageId: 'objectCollective', data: { callee } });
        } else if (TORCH_PACKAGE_IMPORTERS.has(callee)) {
          ctx.report({ node, messageId: 'torchPackage', data: { callee } });
        } else if (KERAS_SAFE_MODE_POSITIONS.has(callee)) {
          const safeMode = argument(node, 'safe_mode', KERAS_SAFE_MODE_POSITIONS.get(callee));
          if (safeMode?.type === 'false') ctx.report({ node, messageId: 'kerasSafeMode', data: { callee, value: safeMode.text }, fix: enableSafeMode(safeMode) });
        } else if (KERAS_UNSAFE_SWITCHES.has(callee)) {
          ctx.report({ node, messageId: 'kerasUnsafe', data: { callee } });
        }
      },
    };
  },
});
