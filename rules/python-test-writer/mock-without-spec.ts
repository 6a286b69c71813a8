import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule, patternOption, regex } from '../../src/rule.js';
import { argument, dottedParts, enclosingFunction, hasSplat, stringValue } from '../../src/engine/model.js';
import { TORCH_MODULE_CLASSES, kindOfConstructor } from '../../src/engine/kinds.js';
import type { Container } from '../../src/engine/traverse.js';
import type { Location } from '../../src/engine/source.js';

/** The mock classes of `unittest.mock` (and of the `mock` backport, and of pytest-mock's `mocker`). */
const MOCK_CLASSES: ReadonlySet<string> = new Set(['Mock', 'MagicMock', 'AsyncMock', 'NonCallableMock', 'NonCallableMagicMock']);
const MOCK_MODULES: ReadonlySet<string> = new Set(['unittest.mock', 'mock']);
/** pytest-mock's fixtures, whose `Mock`, `MagicMock` and `patch` are unittest.mock's. */
const MOCKER_FIXTURES: ReadonlySet<string> = new Set(['mocker', 'module_mocker', 'class_mocker', 'package_mocker', 'session_mocker']);

/**
 * Libraries whose own names only the constructor tables decide about (`torch.load`, `cv2.VideoCapture`):
 * inside them the name pattern says nothing (`torch_xla.core.xla_model` is a module, not a model).
 */
const LIBRARY_ROOTS: ReadonlySet<string> = new Set([
  'torch', 'torchvision', 'torch_xla', 'timm', 'onnxruntime', 'cv2', 'transformers', 'ultralytics', 'numpy', 'tensorflow', 'jax', 'sklearn',
]);
/** Kinds of library objects a mock can stand in for, and what the message calls them. */
const STAND_IN_KINDS: ReadonlyMap<string, string> = new Map([
  ['model', 'model'],
  ['ort-session', 'inference session'],
  ['capture', 'camera'],
  ['cv2-net', 'model'],
]);
/** `AutoModelForCausalLM`, `CLIPModel`, `ResNet`: not `AutoTokenizer`, `AutoConfig`, `AutoProcessor`. */
const TRANSFORMERS_MODEL_CLASS = /^(?!\w*(?:Tokenizer|Config|Processor|FeatureExtractor))\w*(?:Model|For[A-Z]\w*|Net)$/;
/** Classes named for what they are by their last CamelCase word (`ObjectDetector`, `ONVIFCamera`, `ResNet`). */
const CLASS_NOUNS: ReadonlyMap<string, string> = new Map([
  ['Model', 'model'],
  ['Net', 'model'],
  ['Detector', 'detector'],
  ['Predictor', 'predictor'],
  ['Classifier', 'model'],
  ['Segmenter', 'model'],
  ['Recognizer', 'model'],
  ['Backbone', 'model'],
  ['Camera', 'camera'],
  ['Capture', 'camera'],
]);
const CLASS_NAMES: ReadonlyMap<string, string> = new Map([
  ['InferenceSession', 'inference session'],
  ['YOLO', 'model'],
  ['RTDETR', 'model'],
  ['SAM', 'model'],
]);
/** Class names that end like a model but are something else. */
const NOT_MODEL_CLASSES: ReadonlySet<string> = new Set(['BaseModel', 'RootModel', 'DataModel', 'ViewModel']);
/** Verbs that make a function a factory of what its noun names: `load_model`, `build_detector`, `open_camera`. */
const FACTORY_VERB = /^(?:load|build|create|make|init|initialize|get|instantiate|new|construct|open|setup|start)_(?=.)/;
/** Parts of a variable name that say it is a mock or a class, not what it stands in for: `mock_model_cls` → `model`. */
const MOCK_PREFIXES: ReadonlySet<string> = new Set(['mock', 'mocked', 'fake', 'dummy', 'stub', 'stubbed', 'patched', 'test', 'my']);
const MOCK_SUFFIXES: ReadonlySet<string> = new Set(['mock', 'mocked', 'fake', 'stub', 'cls', 'class', 'instance', 'inst', 'obj', 'object']);

/** What a stand-in is called in the message, from the last word of its name. */
function whatOf(core: string): string {
  const last = core.slice(core.lastIndexOf('_') + 1);
  if (/^(?:camera|cam|capture|cap)$/.test(last)) return 'camera';
  if (/^(?:queue|q)$/.test(last)) return 'queue';
  if (/^(?:session|sess)$/.test(last)) return 'inference session';
  if (last === 'detector') return 'detector';
  if (last === 'predictor') return 'predictor';
  return 'model';
}

function withArticle(what: string): string {
  return /^[aeiou]/.test(what) ? `an ${what}` : `a ${what}`;
}

/**
 * The name a mock is given, without what says it is a mock: `mock_detector` → `detector`,
 * `fakeCamera` → `fake_camera` → `camera`, `_model_cls` → `model`. Lower snake case.
 */
export function standInName(raw: string): string {
  const snake = raw
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split('_')
    .filter((p) => p !== '');
  while (snake.length > 1 && MOCK_PREFIXES.has(snake[0]!)) snake.shift();
  // `model_1`, `cam0`: one of several.
  while (snake.length > 1 && /^\d+$/.test(snake[snake.length - 1]!)) snake.pop();
  while (snake.length > 1 && MOCK_SUFFIXES.has(snake[snake.length - 1]!)) snake.pop();
  if (snake.length > 0) snake[snake.length - 1] = snake[snake.length - 1]!.replace(/(?<=[a-z])\d+$/, '');
  return snake.join('_');
}

/** The words of a CamelCase name: `ONVIFCamera` → `ONVIF`, `Camera`; `ResNet50` → `Res`, `Net50`. */
function lastCamelWord(name: string): string {
  const words = name.match(/[A-Z]+(?![a-z])|[A-Z][a-z]+|[a-z]+/g) ?? [];
  return words[words.length - 1] ?? name;
}

interface Verdict {
  what: string;
  /** The target makes the stand-in (`torch.load`, `load_model`, `from_pretrained`) rather than being it. */
  maker?: boolean;
}

interface Candidate {
  /** A patched class of the project, by qualified name, that the project index may show is a module. */
  target: string;
  shown: string;
  location: Location;
}

export default defineRule({
  code: 'PTL601',
  name: 'mock-without-spec',
  agent: 'python-test-writer',
  severity: 'warning',
  enabledByDefault: true,
  testCode: 'only',
  precision: 'high',
  docs: {
    summary: 'A bare `Mock()`/`MagicMock()` or a `patch(...)` without `autospec` stands in for a model, session, camera or queue.',
    why:
      'A mock without a spec answers every attribute and every call: `detector.detcet(frame)` returns another mock, ' +
      '`session.run(None, feeds, extra)` succeeds, and a test written against last year\'s API keeps passing after ' +
      'the model class renames `predict` to `infer`, `onnxruntime` changes `run`\'s signature or `cv2.VideoCapture` is ' +
      'replaced by another reader. The tests are green and production breaks. Give the stand-in the real interface: ' +
      '`Mock(spec=Detector)`, `create_autospec(Detector, instance=True)`, or `patch("torch.load", autospec=True)`; ' +
      'then a misspelt or removed attribute and a wrong call signature fail the test. Reported for mocks bound to a ' +
      'name that says they stand in for a model, a session, a detector, a camera or a queue (`model`, `mock_detector`, ' +
      '`self.camera`, a fixture named `model`, `model=` keyword arguments; see `model-name-pattern`), for a bare mock ' +
      'given as the `return_value` of a patch of such a target, and for `patch(...)`/`patch.object(...)`/`mocker.patch(...)` ' +
      'of a PyTorch, ONNX Runtime, OpenCV or transformers model API (`torch.load`, `onnxruntime.InferenceSession`, ' +
      '`cv2.VideoCapture`, `AutoModel.from_pretrained`) or of a project class or factory named so, or deriving from ' +
      '`nn.Module`. A patch with `spec=`, `spec_set=`, `autospec=True` or its own `new=` object is not reported, and ' +
      'neither are mocks of other things (`logger = MagicMock()`). Reported only in test code: mocks are how tests are written.',
    bad:
      'from unittest.mock import MagicMock, patch\n\ndef test_pipeline_counts_people():\n    detector = MagicMock()\n' +
      '    detector.detect.return_value = [("person", 0.9)]\n    with patch("cv2.VideoCapture") as capture:\n' +
      '        capture.return_value.read.return_value = (True, None)\n        assert count_people(detector) == 1\n',
    good:
      'from unittest.mock import create_autospec, patch\n\nfrom app.detector import Detector\n\ndef test_pipeline_counts_people():\n' +
      '    detector = create_autospec(Detector, instance=True)\n    detector.detect.return_value = [("person", 0.9)]\n' +
      '    with patch("cv2.VideoCapture", autospec=True) as capture:\n        capture.return_value.read.return_value = (True, None)\n' +
      '        assert count_people(detector) == 1\n',
  },
  callees: [...MOCK_CLASSES, 'patch', 'object', 'setattr'],
  options: z
    .object({
      'model-name-pattern': patternOption(
        '^(?!(?:get|load|build|create|make|init|initialize|setup|start|stop|run|open|close|read|release|reset|update|set|is|has|num|n|fetch|register|' +
          'unregister|configure|wrap|prepare|to|from|process|handle|call|check|validate|parse|save|export|publish|send|add|remove|delete|connect|' +
          'disconnect|list|find|select|use|apply|enable|disable|refresh|sync|train|fit|predict|infer|warmup|compile|download|upload|push|pull|put|' +
          'post|on|with|do|show|render|emit|notify|log|dump|serialize|deserialize|convert|resolve|lookup|query|count|clear|teardown|cleanup|' +
          'destroy|kill|restart|reload|attach|detach|watch|poll|wait|ensure|verify|describe|compare|default|patch|new|spawn|switch|swap|cast|' +
          'move|copy|clone|freeze|evaluate|eval|score|track|capture|detect|classify|segment|recognize)_)' +
          // `frame_for_model`, `path_to_model`: the noun is not what the name is.
          '(?!\\w*_(?:for|of|to|from|by|per|in|on|at|with|without)_)' +
          '(?:\\w+_)?(?:model|net|detector|predictor|classifier|segmenter|recognizer|backbone|llm|yolo|camera|cam|capture|ort_session|onnx_session|' +
          'inference_session|ort_sess|queue|q)$|^(?:video_)?cap$',
        'names (with mock affixes such as `mock_`, `fake_`, `_cls` removed) of mocks taken to stand in for a model, session, camera or queue',
      ),
      'session-name-pattern': patternOption(
        '^(?:\\w+_)?(?:session|sess)$',
        'names taken to be ONNX Runtime sessions in a file that uses onnxruntime (elsewhere a `session` is usually an HTTP or database session)',
      ),
    })
    .strict(),
  messages: {
    bareMock:
      '`{{name}}` is a bare `{{mock}}()` standing in for {{what}}: it accepts any attribute and any call, so the test keeps passing after the real API changes; use `create_autospec(...)` or pass `spec=`',
    returnValue:
      'the `return_value` of this patch of `{{target}}` is a bare `{{mock}}()`: the {{what}} it stands in for accepts any attribute and call; use `create_autospec(..., instance=True)` or pass `spec=`',
    patch:
      '`{{patch}}("{{target}}")` replaces {{what}} with a mock that has no spec: the test keeps passing after the real API changes; pass `autospec=True` (or `spec=`)',
  },
  create(ctx) {
    const { model } = ctx;
    const namePattern = regex(ctx.options['model-name-pattern']);
    const sessionPattern = regex(ctx.options['session-name-pattern']);
    let usesOnnx: boolean | undefined;
    const onnxFile = (): boolean => (usesOnnx ??= [...model.moduleImports.values()].some((q) => q === 'onnxruntime' || q.startsWith('onnxruntime.')));

    /** What a mock bound to `name` stands in for, if its name says it stands in for one. */
    const nameVerdict = (name: string): Verdict | null => {
      const core = standInName(name.replace(/^_+/, ''));
      if (namePattern.test(core)) return { what: whatOf(core) };
      if (sessionPattern.test(core) && onnxFile()) return { what: 'inference session' };
      return null;
    };

    /** What a patch target stands in for: `torch.load`, `pkg.cv2.VideoCapture`, `app.models.Detector`, `app.load_model`. */
    const targetVerdict = (parts: readonly string[]): Verdict | null => {
      for (let i = 0; i < parts.length; i++) {
        if (!LIBRARY_ROOTS.has(parts[i]!)) continue;
        const suffix = parts.slice(i).join('.');
        const kind = kindOfConstructor(suffix);
        const what = kind ? STAND_IN_KINDS.get(kind) : undefined;
        if (what) return /^[a-z]/.test(parts[parts.length - 1]!) ? { what, maker: true } : { what };
        if (suffix === 'transformers.pipeline') return { what: 'model', maker: true };
        if (parts[i] === 'transformers' && i === parts.length - 2 && TRANSFORMERS_MODEL_CLASS.test(parts[i + 1]!)) return { what: 'model' };
        // `lightning.fabric.strategies.fsdp.torch.load` is torch's; `torch.cuda.is_available` is nothing we mean.
        if (i === 0 || ['torch', 'cv2', 'onnxruntime', 'transformers'].includes(parts[i]!)) return null;
      }
      const last = parts[parts.length - 1];
      if (last === undefined) return null;
      if (last === 'from_pretrained') {
        const cls = parts[parts.length - 2];
        return cls !== undefined && TRANSFORMERS_MODEL_CLASS.test(cls) && !NOT_MODEL_CLASSES.has(cls) ? { what: 'model', maker: true } : null;
      }
      if (/^[A-Z]/.test(last)) {
        if (NOT_MODEL_CLASSES.has(last)) return null;
        const what = CLASS_NAMES.get(last) ?? CLASS_NOUNS.get(lastCamelWord(last).replace(/\d+$/, ''));
        return what ? { what } : null;
      }
      // A function or attribute: a factory of a stand-in (`load_model`, `_get_camera`) or a stand-in itself
      // (`app.model`). Other compound names are functions doing something to one (`package_model`).
      const name = last.replace(/^_+/, '');
      const factory = FACTORY_VERB.exec(name);
      if (factory) {
        const made = nameVerdict(name.slice(factory[0].length));
        return made ? { ...made, maker: true } : null;
      }
      return standInName(name).includes('_') ? null : nameVerdict(name);
    };

    const isMockClass = (call: Node): string | null => {
      const parts = model.calleeParts(call);
      if (!parts) return null;
      const last = parts[parts.length - 1]!;
      if (!MOCK_CLASSES.has(last)) return null;
      if (parts.length === 2 && MOCKER_FIXTURES.has(parts[0]!)) return last;
      const callee = model.calleeName(call, ctx.ancestors);
      if (callee === null) return null;
      const dot = callee.lastIndexOf('.');
      return dot > 0 && MOCK_MODULES.has(callee.slice(0, dot)) ? last : null;
    };

    /** `patch`, `patch.object` (of unittest.mock, mock or a mocker fixture), with how its arguments are laid out. */
    const patchKind = (call: Node, ancestors: readonly Container[]): 'patch' | 'object' | null => {
      const parts = model.calleeParts(call);
      if (!parts) return null;
      const last = parts[parts.length - 1]!;
      const isObject = last === 'object' && parts[parts.length - 2] === 'patch';
      if (last !== 'patch' && !isObject) return null;
      const head = isObject ? parts.slice(0, -1) : parts;
      if (head.length === 2 && MOCKER_FIXTURES.has(head[0]!)) return isObject ? 'object' : 'patch';
      const callee = model.calleeName(call, ancestors);
      if (callee === null) return null;
      const base = isObject ? callee.slice(0, -'.object'.length) : callee;
      return [...MOCK_MODULES].some((m) => base === `${m}.patch`) ? (isObject ? 'object' : 'patch') : null;
    };

    /** The dotted target of a patch: the string of `patch("a.b")` (an f-string's literal tail), or `obj` + attribute. */
    const patchTarget = (call: Node, kind: 'patch' | 'object', ancestors: readonly Container[]): string[] | null => {
      if (kind === 'patch') {
        const text = literalTail(argument(call, 'target', 0));
        return text && /^[A-Za-z_][\w.]*$/.test(text) ? text.split('.') : null;
      }
      const object = argument(call, 'target', 0);
      const attr = stringValue(argument(call, 'attribute', 1));
      if (!object || !attr || !/^[A-Za-z_]\w*$/.test(attr)) return null;
      const qname = model.qualifiedName(object, ancestors);
      const parts = qname ? qname.split('.') : dottedParts(object);
      return parts ? [...parts, attr] : [attr];
    };

    /** True when the patch gives the mock an interface or its own replacement: `spec=`, `spec_set=`, `autospec=True`, `new=`. */
    const patchHasSpec = (call: Node, kind: 'patch' | 'object'): boolean => {
      if (hasSplat(call)) return true;
      const offset = kind === 'object' ? 1 : 0;
      const spec = argument(call, 'spec', 2 + offset) ?? argument(call, 'spec_set', 4 + offset);
      if (spec && spec.type !== 'none') return true;
      // `new_callable=PropertyMock` or a factory of the test's own; `new_callable=MagicMock` is the default again.
      const factory = argument(call, 'new_callable', 6 + offset);
      const factoryParts = factory ? dottedParts(factory) : null;
      if (factory && factory.type !== 'none' && !(factoryParts && MOCK_CLASSES.has(factoryParts[factoryParts.length - 1]!))) return true;
      const autospec = argument(call, 'autospec', 5 + offset);
      if (autospec && autospec.type !== 'none' && autospec.type !== 'false') return true;
      const replacement = argument(call, 'new', 1 + offset);
      // `new=MagicMock()` is the default spelled out, not a replacement with an interface.
      return replacement !== null && !(replacement.type === 'call' && isMockClass(replacement) !== null && !mockHasSpec(replacement));
    };

    /** What a patch call patches and whether it is reported: `what` set when the target is a stand-in of ours. */
    const patchFacts = (call: Node, ancestors: readonly Container[]): { kind: 'patch' | 'object'; target: string[]; verdict: Verdict | null } | null => {
      const kind = patchKind(call, ancestors);
      if (!kind) return null;
      const target = patchTarget(call, kind, ancestors);
      if (!target) return null;
      return { kind, target, verdict: targetVerdict(target) };
    };

    const reportPatch = (call: Node, target: readonly string[], verdict: Verdict): void => {
      const what = verdict.maker ? `${verdict.what} ${verdict.what === 'model' ? 'loader' : 'factory'}` : verdict.what;
      ctx.report({ node: call, messageId: 'patch', data: { patch: model.calleeParts(call)!.join('.'), target: target.join('.'), what: withArticle(what) } });
    };

    /** The binding a mock call gets from where it stands: an assignment target, a keyword, a fixture's return. */
    const bindingOf = (call: Node): { name: string; verdict?: Verdict; local?: Node } | { patch: Node } | null => {
      let node = call;
      let parent = node.parent;
      // `model = model or MagicMock()`, `model = MagicMock() if fake else real`
      while (parent?.type === 'parenthesized_expression' || parent?.type === 'boolean_operator' || parent?.type === 'conditional_expression') {
        node = parent;
        parent = node.parent;
      }
      if (!parent) return null;
      switch (parent.type) {
        case 'assignment': {
          if (parent.childForFieldName('right')?.id !== node.id) return null;
          // `a = b = MagicMock()`: any of the targets.
          for (let a: Node | null = parent; a?.type === 'assignment'; a = a.parent) {
            const left = a.childForFieldName('left');
            if (left && isModuleStubMember(left)) return null;
            const name = targetName(left);
            if (name && nameVerdict(name)) return left?.type === 'identifier' ? { name, local: left } : { name };
          }
          return null;
        }
        case 'expression_list': {
          // `model, logger = MagicMock(), MagicMock()`
          const assignment = parent.parent;
          if (assignment?.type !== 'assignment') return null;
          const left = assignment.childForFieldName('left');
          const index = parent.namedChildren.findIndex((c) => c?.id === node.id);
          const target = left && (left.type === 'pattern_list' || left.type === 'tuple_pattern') ? left.namedChild(index) : null;
          const name = targetName(target);
          return name ? { name } : null;
        }
        case 'keyword_argument': {
          const keyword = parent.childForFieldName('name')?.text ?? '';
          const outer = parent.parent?.parent;
          if (!outer || outer.type !== 'call') return null;
          if (keyword === 'return_value') return isMockClass(outer) ? null : { patch: outer };
          if (isMockClass(outer) || patchKind(outer, ctx.ancestors)) return null;
          return { name: keyword };
        }
        case 'pair': {
          // `{"model": MagicMock()}`, `manager._models = {"yolo/1": MagicMock()}`
          if (parent.childForFieldName('value')?.id !== node.id) return null;
          const key = stringValue(parent.childForFieldName('key'));
          // A key naming a role (`"model"`), not an instance (`"camera1"`: frames keyed by camera).
          if (key && /^[A-Za-z_]+$/.test(key)) return { name: key };
          return memberOf(parent.parent);
        }
        case 'list':
        case 'tuple':
          // `detectors = [MagicMock(), MagicMock()]`
          return memberOf(parent);
        case 'argument_list': {
          // `monkeypatch.setattr(obj, "model", MagicMock())`, `monkeypatch.setattr("app.cv2.VideoCapture", MagicMock())`
          const outer = parent.parent;
          const parts = outer ? model.calleeParts(outer) : null;
          if (!outer || !parts || parts.length !== 2 || parts[1] !== 'setattr' || !/monkeypatch/.test(parts[0]!)) return null;
          const args = parent.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
          const at = args.findIndex((c) => c.id === node.id);
          let target: string[] | null = null;
          if (at === 1) target = stringValue(args[0])?.split('.') ?? null;
          else if (at === 2) {
            const attr = stringValue(args[1]);
            const owner = model.qualifiedName(args[0]!, ctx.ancestors)?.split('.') ?? dottedParts(args[0]!) ?? [];
            target = attr ? [...owner, attr] : null;
          }
          const verdict = target ? targetVerdict(target) : null;
          return verdict ? { name: target![target!.length - 1]!, verdict } : null;
        }
        case 'return_statement':
        case 'yield': {
          // A fixture or helper named for what it makes: `def model(): return MagicMock()`, `def _make_camera(): ...`.
          const fn = enclosingFunction(ctx.ancestors);
          if (fn?.type !== 'function_definition') return null;
          const name = model.nameOf(fn.node)?.replace(/^_+/, '') ?? '';
          const factory = FACTORY_VERB.exec(name);
          return { name: factory ? name.slice(factory[0].length) : name };
        }
        default:
          return null;
      }
    };

    /** A mock among the members of a collection named in the plural for what it holds: `models = {...}`, `cameras=[...]`. */
    const memberOf = (collection: Node | null): { name: string } | null => {
      const parent = collection?.parent;
      let plural: string | null = null;
      if (parent?.type === 'assignment' && parent.childForFieldName('right')?.id === collection!.id) plural = targetName(parent.childForFieldName('left'));
      else if (parent?.type === 'keyword_argument') plural = parent.childForFieldName('name')?.text ?? null;
      const bare = plural?.replace(/^_+/, '') ?? '';
      // Our nouns take a plain `s`: models, cameras, queues, detectors.
      if (!/[^s]s$/.test(bare)) return null;
      const name = bare.slice(0, -1);
      return nameVerdict(name) ? { name } : null;
    };

    /**
     * `stub.Detector = MagicMock()` where `stub = types.ModuleType("vendor.detector")`: a stand-in for a
     * library the test environment does not have, which no spec can describe.
     */
    const isModuleStubMember = (target: Node): boolean => {
      if (target.type !== 'attribute') return false;
      let object = target.childForFieldName('object');
      if (!object) return false;
      const made = model.constructedBy(object, ctx.ancestors);
      if (made === 'types.ModuleType') return true;
      // `sam3 = MagicMock(); sam3.model = MagicMock(); sys.modules["sam3.model"] = sam3.model`: a fake package tree.
      while (object.type === 'attribute') object = object.childForFieldName('object')!;
      const root = model.constructedBy(object, ctx.ancestors);
      return root !== null && MOCK_CLASSES.has(root.slice(root.lastIndexOf('.') + 1)) && /\bsys\.modules\b/.test(ctx.file.source);
    };

    /**
     * A stand-in handed only to code the test expects to fail (`with pytest.raises(...)`): the error path
     * rejects its input before using it, so no interface is exercised. Either the mock is made there, or
     * the name it is bound to is used nowhere else.
     */
    const errorPathOnly = (call: Node, local: Node | undefined): boolean => {
      if (inRaisesBlock(call)) return true;
      const fn = local ? enclosingFunction(ctx.ancestors) : undefined;
      if (!local || fn?.type !== 'function_definition') return false;
      let uses = 0;
      for (const id of fn.node.descendantsOfType('identifier')) {
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
          if ('patch' in binding) {
            // A bare return value of a patch that has a spec itself (else the patch is reported).
            const facts = patchFacts(binding.patch, ctx.ancestors);
            if (!facts?.verdict || !patchHasSpec(binding.patch, facts.kind)) return;
            ctx.report({ node, messageId: 'returnValue', data: { target: facts.target.join('.'), mock, what: facts.verdict.what } });
            return;
          }
          const verdict = binding.verdict ?? nameVerdict(binding.name);
          if (verdict && !errorPathOnly(node, binding.local)) ctx.report({ node, messageId: 'bareMock', data: { name: binding.name, mock, what: withArticle(verdict.what) } });
          return;
        }
        const facts = patchFacts(node, ctx.ancestors);
        if (!facts || patchHasSpec(node, facts.kind) || suppliesStandIn(node)) return;
        if (facts.verdict) {
          reportPatch(node, facts.target, facts.verdict);
          return;
        }
        // `patch("app.nets.Backbone")`: a project class the index may show derives from nn.Module.
        const last = facts.target[facts.target.length - 1]!;
        if (ctx.file.isTest && /^[A-Z]\w*[a-z]/.test(last) && facts.target.length > 1 && !LIBRARY_ROOTS.has(facts.target[0]!)) {
          const candidate: Candidate = { target: facts.target.join('.'), shown: model.calleeParts(node)!.join('.'), location: ctx.locate(node) };
          ctx.record(candidate);
        }
      },
    };
  },
  project(ctx) {
    for (const { path, data } of ctx.records()) {
      const c = data as Candidate;
      const cls = ctx.index.canonical(c.target);
      if (!ctx.index.ancestors(cls).some((a) => TORCH_MODULE_CLASSES.has(a))) continue;
      ctx.report({ path, location: c.location, messageId: 'patch', data: { patch: c.shown, target: c.target, what: 'a model' } });
    }
  },
});

/** True when a mock is given an interface: `Mock(spec=...)`, `Mock(Detector)`, `spec_set=`, `wraps=` (or `**kwargs`). */
function mockHasSpec(call: Node): boolean {
  if (hasSplat(call)) return true;
  for (const kw of ['spec', 'spec_set', 'wraps']) {
    const value = argument(call, kw, kw === 'spec' ? 0 : undefined);
    if (value && value.type !== 'none') return true;
  }
  return false;
}

/**
 * `patch("app.Detector", return_value=fake_detector)`, `side_effect=[camera_a, camera_b]`: the test hands in
 * the stand-in itself, and whether that has an interface is decided where it is made. A bare
 * `return_value=MagicMock()` hands in nothing.
 */
function suppliesStandIn(patch: Node): boolean {
  for (const kw of ['return_value', 'side_effect']) {
    const value = argument(patch, kw);
    if (!value) continue;
    const callee = value.type === 'call' ? value.childForFieldName('function') : null;
    const parts = callee ? dottedParts(callee) : null;
    if (parts && MOCK_CLASSES.has(parts[parts.length - 1]!)) continue;
    return true;
  }
  return false;
}

const RAISES = /^(?:\w+\s*\.\s*)*(?:raises|assertRaises|assertRaisesRegex)\s*\(/;

/** Inside the body of `with pytest.raises(...)` / `with self.assertRaises(...)`, within the same function. */
function inRaisesBlock(node: Node): boolean {
  for (let child = node, p = node.parent; p; child = p, p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'lambda') return false;
    if (p.type !== 'with_statement' || p.childForFieldName('body')?.id !== child.id) continue;
    const items = p.namedChildren.find((c) => c?.type === 'with_clause')?.namedChildren ?? [];
    if (items.some((item) => item !== null && RAISES.test(item.text))) return true;
  }
  return false;
}

/** `MagicMock(side_effect=RuntimeError("bad model"))`: a stub that only raises, used for the error path. */
function raisesOnly(call: Node): boolean {
  const effect = argument(call, 'side_effect');
  if (!effect) return false;
  const name = effect.type === 'call' ? effect.childForFieldName('function') : effect;
  const parts = name ? dottedParts(name) : null;
  return parts !== null && /(?:Error|Exception|Interrupt|Exit)$/.test(parts[parts.length - 1]!);
}

/** The name an assignment target binds: `model`, `self.model` → `model`, `mocks["model"]` → `model`. */
function targetName(target: Node | null | undefined): string | null {
  if (!target) return null;
  if (target.type === 'identifier') return target.text;
  if (target.type === 'attribute') return target.childForFieldName('attribute')?.text ?? null;
  if (target.type === 'subscript') {
    const key = stringValue(target.childForFieldName('subscript'));
    return key && /^[A-Za-z_]\w*$/.test(key) ? key : null;
  }
  return null;
}

/** A string's text, or an f-string's literal text after its last interpolation (`f"{MOD}.cv2.VideoCapture"` → `cv2.VideoCapture`). */
function literalTail(node: Node | null): string | null {
  if (!node) return null;
  const plain = stringValue(node);
  if (plain !== null) return plain;
  if (node.type !== 'string') return null;
  let tail = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'interpolation') tail = '';
    else if (child.type === 'string_content') tail += child.text;
  }
  return tail.startsWith('.') ? tail.slice(1) : null;
}
