import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../src/rule.js';
import { argument, hasSplat, isCommitShaLiteral, stringValue } from '../../src/engine/model.js';

/**
 * A Hugging Face Hub repository id, `org/name`: exactly one `/`, starting with a letter or digit
 * (so never `./`, `../`, `/`, `~`), only the characters the hub allows (no `\`, `:`, spaces).
 */
const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/** What ends a file name rather than a repository name: `weights/yolov8n.pt` is a path, `Qwen/Qwen2.5-7B` is not. */
const FILE_EXTENSION =
  /\.(?:pt|pth|bin|ckpt|safetensors|onnx|engine|plan|trt|tflite|pb|h5|keras|gguf|ggml|pkl|pickle|joblib|npy|npz|json|jsonl|ya?ml|toml|txt|csv|tsv|parquet|arrow|zip|tar|gz|tgz|py|model)$/i;

/** Libraries whose `from_pretrained` resolves an `org/name` on the Hugging Face Hub and takes `revision=`. */
const HUB_LIBRARIES: ReadonlySet<string> = new Set([
  'transformers',
  'diffusers',
  'peft',
  'optimum',
  'sentence_transformers',
  'setfit',
  'tokenizers',
  'trl',
  'auto_gptq',
  'gptqmodel',
  'awq',
]);

/** The hub downloads by qualified-name root, and the parameter holding the repository id. */
const DOWNLOADS: ReadonlyMap<string, { root: string; parameter: string }> = new Map([
  ['hf_hub_download', { root: 'huggingface_hub', parameter: 'repo_id' }],
  ['snapshot_download', { root: 'huggingface_hub', parameter: 'repo_id' }],
  ['load_dataset', { root: 'datasets', parameter: 'path' }],
]);

/** True for a literal that names a hub repository rather than a file or directory on disk. */
function isHubId(id: string): boolean {
  return HUB_ID.test(id) && !FILE_EXTENSION.test(id);
}

export default defineRule({
  code: 'PTL305',
  name: 'unpinned-hub-download',
  agent: 'python-security-reviewer',
  severity: 'warning',
  enabledByDefault: false,
  precision: 'high',
  // CWE-494, Download of Code Without Integrity Check: the commit sha is the integrity check a hub
  // download can have (the hub serves content by commit), and what is fetched carries code —
  // pickled `.bin` weights, `auto_map` modules, dataset scripts. CVSS 3.1 AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:N:
  // the attacker needs the upstream repository (high complexity); what they push is what is served.
  security: { cwe: [494], severity: 5.9 },
  testCode: 'ignore',
  docs: {
    summary:
      '`from_pretrained`, `hf_hub_download`, `snapshot_download` or `load_dataset` with a literal hub id (`"org/name"`) and no ' +
      '`revision=` commit sha: what is loaded is whatever the repository holds that day (CWE-494). Off by default.',
    why:
      'A hub id without a revision resolves to the head of the repository\'s default branch at download time. The owner — or ' +
      'whoever takes over their account or token — can push new weights, a new tokenizer, new `auto_map` code or a new ' +
      'dataset script at any time, and every cold start after that serves it: a silent change of the model in production, ' +
      'or code execution when the files carry pickles or code. Branch and tag names (`revision="main"`, `"v1.0"`) move ' +
      'too. Pin the commit you evaluated: `revision="<40-hex commit sha>"` (the hub serves content by commit), and bump it ' +
      'deliberately. Only literal `org/name` ids are checked: local paths (`./`, `/`, `~`, file names such as ' +
      '`weights/best.pt`), `Path(...)`, f-strings and variables are someone else\'s decision, and so is a `revision=` ' +
      'given at run time or a call with `**kwargs` that may carry one; `local_files_only=True` downloads nothing. Off by default (Bandit B615 is the same check): it ' +
      'is release hygiene, and many teams pin through a lock file or a mirror instead. Not reported in test code, where ' +
      'tiny hub fixtures are loaded by id on purpose. No fix: only the user knows which commit they evaluated.',
    bad: 'from transformers import AutoTokenizer\n\ntokenizer = AutoTokenizer.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")\n',
    good:
      'from transformers import AutoTokenizer\n\n' +
      'tokenizer = AutoTokenizer.from_pretrained(\n' +
      '    "meta-llama/Llama-3.1-8B-Instruct",\n' +
      '    revision="0e9e39f249a16976918f6564b8830bc894c89659",  # the commit we evaluated\n' +
      ')\n',
  },
  options: z.object({}).strict(),
  messages: {
    unpinned:
      '`{{callee}}("{{id}}")` loads whatever the hub repository holds on its default branch today; pin the commit you evaluated with `revision="<40-hex sha>"`',
    movableRef:
      '`{{callee}}("{{id}}")` with `revision={{ref}}` loads a branch or tag the repository owner can move; pin a full 40-hex commit sha',
  },
  callees: ['from_pretrained', 'hf_hub_download', 'snapshot_download', 'load_dataset'],
  create(ctx) {
    /** The argument holding the hub id of a download this rule checks, or null for other calls. */
    function hubIdArgument(call: Node, callee: string, last: string): Node | null {
      const root = callee.split('.')[0]!;
      if (last === 'from_pretrained') {
        if (!HUB_LIBRARIES.has(root)) return null;
        // `PeftModel.from_pretrained(base_model, "org/adapter")`: the adapter id comes second.
        if (root === 'peft' && /\.PeftModel\w*\.from_pretrained$/.test(callee)) return argument(call, 'model_id', 1);
        return argument(call, 'pretrained_model_name_or_path', 0);
      }
      const download = DOWNLOADS.get(last);
      return download && root === download.root ? argument(call, download.parameter, 0) : null;
    }

    /** `revision=` as given: pinned (a sha, or a name bound to one), decided at run time, a literal ref, or absent. */
    function revisionOf(call: Node): 'pinned' | 'dynamic' | 'absent' | { ref: string } {
      const revision = argument(call, 'revision');
      if (!revision) return hasSplat(call) ? 'dynamic' : 'absent';
      const text = ctx.model.constantText(revision, ctx.ancestors, call.startIndex);
      if (text !== null && isCommitShaLiteral(text)) return 'pinned';
      if (text !== null && /^[rRuU]?["']/.test(text)) return { ref: text };
      return 'dynamic';
    }

    return {
      call(node) {
        const callee = ctx.model.calleeName(node, ctx.ancestors);
        const last = callee?.split('.').at(-1);
        if (!callee || !last) return;
        const id = stringValue(hubIdArgument(node, callee, last));
        if (id === null || !isHubId(id)) return;
        // `local_files_only=True` reads the local cache and never downloads.
        if (argument(node, 'local_files_only')?.type === 'true') return;
        const revision = revisionOf(node);
        if (revision === 'pinned' || revision === 'dynamic') return;
        const shown = ctx.model.calleeParts(node)?.join('.') ?? last;
        if (revision === 'absent') ctx.report({ node, messageId: 'unpinned', data: { callee: shown, id } });
        else ctx.report({ node, messageId: 'movableRef', data: { callee: shown, id, ref: revision.ref } });
      },
    };
  },
});
