import { z } from 'zod';
import { defineRule } from '../../src/rule.js';
import { argument, hasSplat, isTruthyLiteral, positionalArguments } from '../../src/engine/model.js';
const PICKLE_MODULES = ['pickle', '_pickle', 'dill', 'cloudpickle'];
const PICKLE_LOADS = new Set(PICKLE_MODULES.flatMap((m) => [`${m}.load`, `${m}.loads`]));
const UNPICKLERS = new Set(PICKLE_MODULES.map((m) => `${m}.Unpickler`));
/** `yaml.load*` calls whose safety depends on the Loader they are given. */
const YAML_LOADS = new Set(['yaml.load', 'yaml.load_all']);
const YAML_UNSAFE_LOADS = new Set(['yaml.unsafe_load', 'yaml.unsafe_load_all']);
/** Loaders that construct only plain data (the `yaml.loader` / `yaml.cyaml` spellings too). */
const SAFE_YAML_LOADERS = new Set(['SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader'].flatMap((name) => [
    `yaml.${name}`,
    `yaml.${name.startsWith('C') ? 'cyaml' : 'loader'}.${name}`,
]));
/** `yaml.load(f)` → `yaml.safe_load(f)`, when the call is just the stream and the callee is `<module>.load`. */
function safeLoadFix(call, callee) {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'attribute')
        return undefined;
    const args = call.childForFieldName('arguments');
    if (!args || args.type !== 'argument_list')
        return undefined;
    const given = args.namedChildren.filter((n) => n !== null && n.type !== 'comment');
    if (given.length !== 1 || positionalArguments(call).length !== 1)
        return undefined;
    const attribute = fn.childForFieldName('attribute');
    if (!attribute)
        return undefined;
    const replacement = callee === 'yaml.load_all' ? 'safe_load_all' : 'safe_load';
    return {
        title: `Call \`yaml.${replacement}\` instead (builds plain data only; a stream with Python-specific tags ` +
            'such as `!!python/object` will then fail to load)',
        applicability: 'unsafe',
        edits: [{ start: attribute.startIndex, end: attribute.endIndex, text: replacement }],
    };
}
/** `yaml.unsafe_load(f)` → `yaml.safe_load(f)`: the callee's attribute is renamed, nothing else changes. */
function renameToSafe(call, safe) {
    const fn = call.childForFieldName('function');
    const attribute = fn?.type === 'attribute' ? fn.childForFieldName('attribute') : null;
    if (!attribute)
        return undefined;
    const name = safe.slice(safe.lastIndexOf('.') + 1);
    return {
        title: `Call \`yaml.${name}\` instead (builds plain data only; a stream with Python-specific tags such as \`!!python/object\` will then fail to load)`,
        applicability: 'unsafe',
        edits: [{ start: attribute.startIndex, end: attribute.endIndex, text: name }],
    };
}
/** `np.load(p, allow_pickle=True)` → `allow_pickle=False`. */
function disallowPickle(value) {
    return {
        title: 'Pass `allow_pickle=False` (loads numeric arrays only; a file holding object arrays will then fail to load)',
        applicability: 'unsafe',
        edits: [{ start: value.startIndex, end: value.endIndex, text: 'False' }],
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
        summary: 'Deserializers that can run code from the data they read: pickle and friends, `joblib.load`, ' +
            '`np.load(allow_pickle=True)`, `pd.read_pickle`, `shelve`, `jsonpickle`, and `yaml.load` without a safe Loader (CWE-502).',
        why: 'Unpickling calls whatever callables the file names, and an unsafe YAML loader builds arbitrary Python objects ' +
            'from `!!python/object` tags: opening the file is running its author\'s code. ML teams load exactly these files ' +
            'from places they do not control — feature caches and sklearn heads on shared storage, checkpoints and configs ' +
            'downloaded from model hubs, messages read off Redis queues — so one poisoned artefact is code execution on the ' +
            'training cluster or the inference fleet. Keep data in formats that cannot carry code: `json`, `yaml.safe_load`, ' +
            'safetensors for weights, parquet for tables, `np.load(..., allow_pickle=False)` for arrays. Where pickle is ' +
            'unavoidable, subclass `pickle.Unpickler` with an allow-list in `find_class` (the rule leaves such subclasses alone).',
        bad: 'import pickle\n\nimport yaml\n\nwith open("features.pkl", "rb") as f:\n    features = pickle.load(f)\n' +
            'with open("train.yaml") as f:\n    cfg = yaml.load(f, Loader=yaml.FullLoader)\n',
        good: 'import json\n\nimport yaml\n\nwith open("features.json") as f:\n    features = json.load(f)\n' +
            'with open("train.yaml") as f:\n    cfg = yaml.safe_load(f)\n',
    },
    options: z.object({}).strict(),
    messages: {
        pickle: '`{{callee}}` runs any code the pickled data carries; never unpickle data you did not produce — use `json`, or `safetensors` for weights',
        unpickler: '`{{callee}}` runs any code the pickled data carries; subclass it with an allow-list in `find_class`, or use `json` / `safetensors`',
        joblib: '`{{callee}}` unpickles the file and runs any code it carries; store weights as `safetensors` (or ONNX) and settings as `json`',
        numpy: '`{{callee}}` with `allow_pickle={{value}}` unpickles object arrays and runs any code they carry; store numeric arrays and use `np.load(..., allow_pickle=False)`',
        pandas: '`{{callee}}` unpickles the file and runs any code it carries; store tables as parquet and use `pd.read_parquet`',
        shelve: '`{{callee}}` stores pickles and runs any code a tampered shelf carries; use `sqlite3` or `json` for the values',
        jsonpickle: '`{{callee}}` rebuilds arbitrary Python objects named in the JSON and can run code; use `json.loads` and build the objects yourself',
        yamlNoLoader: '`{{callee}}` without a safe Loader builds arbitrary Python objects from `!!python/` tags; use `yaml.safe_load` or pass `Loader=yaml.SafeLoader`',
        yamlUnsafeLoader: '`{{callee}}` with `Loader={{loader}}` builds arbitrary Python objects from `!!python/` tags; use `yaml.safe_load` or pass `Loader=yaml.SafeLoader`',
        yamlUnknownLoader: '`{{callee}}` with a Loader that cannot be shown to be safe (`{{loader}}`) may build arbitrary Python objects; pass `Loader=yaml.SafeLoader` (or a subclass of it defined here)',
        yamlUnsafe: '`{{callee}}` builds arbitrary Python objects from `!!python/` tags; use `{{safe}}`',
    },
    create(ctx) {
        /** True when `loader` names a safe loader or a class of this file that derives from one. */
        function isSafeLoader(qname) {
            if (SAFE_YAML_LOADERS.has(qname))
                return true;
            return ctx.model.classByQname(qname) !== undefined && ctx.model.inheritsFrom(qname, SAFE_YAML_LOADERS);
        }
        function checkYamlLoad(node, callee) {
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
            }
            else if (!isSafeLoader(qname)) {
                ctx.report({ node, messageId: 'yamlUnsafeLoader', data: { callee, loader: loader.text } });
            }
        }
        return {
            call(node) {
                const callee = ctx.model.calleeName(node, ctx.ancestors);
                if (!callee)
                    return;
                if (PICKLE_LOADS.has(callee)) {
                    ctx.report({ node, messageId: 'pickle', data: { callee } });
                }
                else if (UNPICKLERS.has(callee)) {
                    ctx.report({ node, messageId: 'unpickler', data: { callee } });
                }
                else if (callee === 'joblib.load') {
                    ctx.report({ node, messageId: 'joblib', data: { callee } });
                }
                else if (callee === 'numpy.load') {
                    const allowPickle = argument(node, 'allow_pickle', 2);
                    if (allowPickle && isTruthyLiteral(allowPickle)) {
                        ctx.report({ node, messageId: 'numpy', data: { callee, value: allowPickle.text }, fix: disallowPickle(allowPickle) });
                    }
                }
                else if (callee === 'pandas.read_pickle') {
                    ctx.report({ node, messageId: 'pandas', data: { callee } });
                }
                else if (callee === 'shelve.open') {
                    ctx.report({ node, messageId: 'shelve', data: { callee } });
                }
                else if (callee === 'jsonpickle.decode') {
                    ctx.report({ node, messageId: 'jsonpickle', data: { callee } });
                }
                else if (YAML_LOADS.has(callee)) {
                    checkYamlLoad(node, callee);
                }
                else if (YAML_UNSAFE_LOADS.has(callee)) {
                    const safe = callee.replace('unsafe_', 'safe_');
                    const fix = renameToSafe(node, safe);
                    ctx.report({ node, messageId: 'yamlUnsafe', data: { callee, safe }, ...(fix ? { fix } : {}) });
                }
            },
        };
    },
});
