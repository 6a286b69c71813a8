import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../src/rule.js';
import { argument, isCommitShaLiteral, isTruthyLiteral, stringValue } from '../../src/engine/model.js';

/** A full git commit id: the only ref a repository owner cannot move after it was reviewed. */
const COMMIT_SHA = /^[0-9a-fA-F]{40}$/;

/**
 * `owner/repo` or `owner/repo:ref` as `torch.hub` reads it for `source="github"`. GitHub account
 * names are letters, digits and hyphens (so `./yolov5` and `../hub` are never one); repository
 * names may also hold `.` and `_`; a ref may hold `/` (`feature/x`).
 */
const GITHUB_REPO = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9_.-]+)(?::(\S+))?$/;

/** The hub functions that download a GitHub repository and import its `hubconf.py`, and the name of their repo parameter. */
const HUB_ENTRY_POINTS: ReadonlyMap<string, string> = new Map([
  ['torch.hub.load', 'repo_or_dir'],
  ['torch.hub.list', 'github'],
  ['torch.hub.help', 'github'],
]);

/** Keywords that pin the code `trust_remote_code=True` runs: transformers, datasets, vLLM and sentence-transformers all take them. */
const REVISION_KEYWORDS = ['revision', 'code_revision'];

/**
 * True for the transformers loads that ignore the flag: the concrete config and model classes
 * (`LlamaForCausalLM`, `CLIPModel`, `BertConfig`) warn that it "is to be used with Auto classes. It
 * has no effect here", and `GenerationConfig` keeps it as a plain attribute. Only the Auto classes,
 * tokenizers and processors (which ask AutoConfig) and pipelines resolve a repository's `auto_map`
 * to its code.
 */
function ignoresFlag(callee: string | null): boolean {
  const parts = callee?.split('.');
  if (!parts || parts.length < 3 || parts[0] !== 'transformers' || parts.at(-1) !== 'from_pretrained') return false;
  const cls = parts.at(-2)!;
  return !/^(?:TF|Flax)?Auto/.test(cls) && /(?:Config|Model|For[A-Z]\w*)$/.test(cls);
}

export default defineRule({
  code: 'PTL304',
  name: 'trust-remote-code',
  agent: 'python-security-reviewer',
  severity: 'error',
  enabledByDefault: true,
  precision: 'very-high',
  security: { cwe: [94], severity: 8.8 },
  testCode: 'report',
  docs: {
    summary:
      '`trust_remote_code=True` without a pinned commit, and `torch.hub.load("owner/repo")` from GitHub: ' +
      'both run Python code from a repository someone else can change (CWE-94).',
    why:
      '`trust_remote_code=True` (transformers `from_pretrained`/`from_config`/`pipeline`, `datasets.load_dataset`, ' +
      '`vllm.LLM`, `SentenceTransformer`, or any other call) imports the modelling code that ships in the model ' +
      'repository (spelt `trust_remote_code=True` or `**{"trust_remote_code": True}`), and ' +
      '`torch.hub.load("owner/repo", ...)` (like `torch.hub.list` and `torch.hub.help`) imports the GitHub ' +
      'repository\'s `hubconf.py`. Either way the ' +
      'code runs with the process\'s rights, and it is whatever the repository holds at that moment: a new commit ' +
      'to the default branch, a moved tag or a taken-over account changes what runs on the next cold start, with ' +
      'nobody reviewing it. Pin the commit you reviewed — `revision="<40-hex commit>"` (or `code_revision=`) next ' +
      'to `trust_remote_code=True`, `"owner/repo:<40-hex commit>"` for the hub — or vendor the reviewed code into ' +
      'the project and import its classes (`source="local"` for the hub). A branch or tag name (`revision="main"`, ' +
      '`"v1.0"`) is not a pin, and a local model directory is no better than the hub: its code is whatever was ' +
      'downloaded into it. transformers\' concrete config and model classes (`LlamaForCausalLM`, `GenerationConfig`) ' +
      'ignore the flag and are not reported. A value decided at run time (`trust_remote_code=args.trust_remote_code`) is the ' +
      'operator\'s choice and is not reported. `torch.hub.load(..., trust_repo=True)` on an unpinned repository is ' +
      'left to PTL301, which reports that call already with the same advice. Reported in test code too: a test ' +
      'that loads remote code runs it on the CI machine, next to its secrets. No fix: only the user knows which ' +
      'commit they reviewed.',
    bad:
      'from transformers import AutoModelForCausalLM\n\n' +
      'model = AutoModelForCausalLM.from_pretrained("THUDM/chatglm3-6b", trust_remote_code=True)\n',
    good:
      'from transformers import AutoModelForCausalLM\n\n' +
      'model = AutoModelForCausalLM.from_pretrained(\n' +
      '    "THUDM/chatglm3-6b",\n' +
      '    trust_remote_code=True,\n' +
      '    revision="e46a14881eae613281abbd266ee918e93a56018f",  # the commit whose modelling code we reviewed\n' +
      ')\n',
  },
  options: z.object({}).strict(),
  messages: {
    trustRemoteCode:
      '`trust_remote_code=True` runs the Python code shipped in the model repository, at whatever commit it holds today; pin the reviewed commit with `revision="<40-hex sha>"`, or vendor the modelling code and import its classes',
    trustRemoteCodeRef:
      '`trust_remote_code=True` with `{{keyword}}={{value}}` runs code from a ref that is not a full commit sha (a branch or tag can be moved); pin a full 40-hex commit sha',
    hubGithub:
      '`{{callee}}("{{repo}}")` downloads the GitHub repository at its default branch and runs its `hubconf.py`; pin a reviewed commit (`"{{repo}}:<40-hex sha>"`) or vendor it and use `source="local"`',
    hubGithubRef:
      '`{{callee}}("{{repo}}:{{ref}}")` runs `hubconf.py` from a ref that is not a full commit sha (a branch or tag can be moved); pin a full 40-hex commit sha',
  },
  textTriggers: {
    keyword_argument: /trust_remote_code/,
    dictionary_splat: /trust_remote_code/,
  },
  callees: ['load', 'list', 'help'],
  create(ctx) {
    /**
     * What the call says about the commit its remote code comes from: `pinned` when a
     * `revision=`/`code_revision=` (on the call, or in the splatted dict next to the flag) holds a
     * commit sha or a name bound to one; the literal branch or tag given otherwise, so the message
     * can say why it is not a pin. A ref decided at run time (`revision=args.revision`) pins
     * nothing the code can show: the flag is reported as if no ref were given.
     */
    function revisionOf(call: Node, dict: Node | null): 'pinned' | { keyword: string; value: string } | null {
      let ref: { keyword: string; value: string } | null = null;
      for (const keyword of REVISION_KEYWORDS) {
        for (const value of [argument(call, keyword), dict ? dictValue(dict, keyword) : null]) {
          if (!value) continue;
          const text = ctx.model.constantText(value, ctx.ancestors, call.startIndex);
          if (text !== null && isCommitShaLiteral(text)) return 'pinned';
          if (text !== null && /^[rRuU]?["']/.test(text)) ref ??= { keyword, value: text };
        }
      }
      return ref;
    }

    function reportFlag(flag: Node, call: Node, dict: Node | null): void {
      if (ignoresFlag(ctx.model.calleeName(call, ctx.ancestors))) return;
      const ref = revisionOf(call, dict);
      if (ref === 'pinned') return;
      ctx.report(ref ? { node: flag, messageId: 'trustRemoteCodeRef', data: ref } : { node: flag, messageId: 'trustRemoteCode' });
    }

    return {
      keyword_argument(node) {
        if (node.childForFieldName('name')?.text !== 'trust_remote_code') return;
        if (!isTruthyLiteral(node.childForFieldName('value'))) return;
        const call = node.parent?.parent;
        if (call?.type !== 'call') return; // `class C(Base, trust_remote_code=True)` configures nothing
        reportFlag(node, call, null);
      },

      // `f(**{"trust_remote_code": True})`: the same flag spelt as a dict literal.
      dictionary_splat(node) {
        const dict = node.namedChild(0);
        if (dict?.type !== 'dictionary') return;
        const call = node.parent?.parent;
        if (call?.type !== 'call') return;
        for (const pair of dict.namedChildren) {
          if (pair?.type !== 'pair' || stringValue(pair.childForFieldName('key')) !== 'trust_remote_code') continue;
          if (isTruthyLiteral(pair.childForFieldName('value'))) reportFlag(pair, call, dict);
        }
      },

      call(node) {
        const callee = ctx.model.calleeName(node, ctx.ancestors);
        const repoParameter = callee === null ? undefined : HUB_ENTRY_POINTS.get(callee);
        if (!callee || !repoParameter) return;
        const source = argument(node, 'source');
        // `source="local"` loads a directory on disk; a source chosen at run time is not shown to be GitHub.
        if (source && stringValue(source) !== 'github') return;
        // The call with `trust_repo=True` is PTL301's finding, with the same advice: one finding per call.
        if (callee === 'torch.hub.load' && argument(node, 'trust_repo')?.type === 'true') return;
        const repoArg = argument(node, repoParameter, 0);
        if (!repoArg) return;
        const spec = stringValue(repoArg) ?? (repoArg.type === 'identifier' ? constantString(repoArg) : null);
        const match = spec === null ? null : GITHUB_REPO.exec(spec);
        if (!match) return;
        const [, owner, repo, ref] = match;
        if (ref !== undefined && COMMIT_SHA.test(ref)) return;
        const data = { callee, repo: `${owner}/${repo}` };
        ctx.report(ref === undefined ? { node, messageId: 'hubGithub', data } : { node, messageId: 'hubGithubRef', data: { ...data, ref } });
      },
    };

    /** `REPO = "ultralytics/yolov5"` then `torch.hub.load(REPO, ...)`: the constant's string. */
    function constantString(name: Node): string | null {
      const value = ctx.model.valueBefore(name, ctx.ancestors, name.startIndex);
      if (value) return stringValue(value);
      const text = ctx.model.moduleValueText(name.text);
      const quoted = text === null ? null : /^(["'])([^"'\\]*)\1$/.exec(text);
      return quoted ? quoted[2]! : null;
    }
  },
});

/** The value of a string-keyed entry of a dict literal (`{"revision": sha}`), or null. */
function dictValue(dict: Node, key: string): Node | null {
  for (const pair of dict.namedChildren) {
    if (pair?.type === 'pair' && stringValue(pair.childForFieldName('key')) === key) return pair.childForFieldName('value');
  }
  return null;
}
