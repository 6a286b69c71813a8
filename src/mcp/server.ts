/**
 * The MCP server (`pyteam-lint mcp`): the engine as a set of read-only tools for coding agents.
 * Agents lint code, read the rules, and — the point of it — ask the engine to judge the fixes they
 * propose (`verify_fix`) instead of trusting themselves. No tool writes a file (the content cache
 * is off too); logs go to stderr, stdout carries only the protocol.
 *
 * The lint tools run in a worker thread each (runner.ts), confined to the project root
 * (tools.ts), so one call can neither block the others (`ping` always answers) nor read outside
 * the project; a call can be cancelled and has a time limit. src/cli/mcp.ts serves this over our
 * own stdio transport (transport.ts) and decides when the process ends.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { AGENTS, type AnyRule } from '../rule.js';
import { matchSelector } from '../cli/config.js';
import { optionDocs, ruleRow } from '../cli/explain.js';
import type { ToolRunner } from './runner.js';
import { result, toolError, type ToolJob } from './tools.js';

export interface ServerOptions {
  /** Directory that paths and file names are relative to (the client's project). */
  cwd: string;
  rules: readonly AnyRule[];
  version: string;
  /** Runs the lint tools (off this thread when it can). */
  runner: ToolRunner;
}

const DEFAULT_MAX_FINDINGS = 200;

const fixSchema = z.object({
  title: z.string(),
  applicability: z.enum(['safe', 'unsafe']),
  edits: z.array(z.object({ start: z.number(), end: z.number(), text: z.string() })),
});
const findingSchema = z.object({
  code: z.string(),
  name: z.string(),
  agent: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  path: z.string(),
  line: z.number(),
  column: z.number(),
  endLine: z.number(),
  endColumn: z.number(),
  message: z.string(),
  fix: fixSchema.nullable(),
});
const errorSchema = z.object({ path: z.string(), message: z.string() });
const lintOutput = {
  findings: z.array(findingSchema),
  errors: z.array(errorSchema),
  summary: z.object({ files: z.number(), findings: z.number().describe('all findings, also those left out by max_findings'), errors: z.number() }),
  truncated: z.boolean().describe('true when findings holds only the first max_findings findings'),
};
const selection = {
  select: z.array(z.string()).optional().describe('rules to enable instead of the configured ones: codes (PTL301), prefixes (PTL3), names, or ALL'),
  ignore: z.array(z.string()).optional().describe('rules to disable: codes, prefixes or names'),
  agent: z.enum(AGENTS).optional().describe("only this role's findings"),
};
const maxFindings = z.number().int().min(1).max(10000).default(DEFAULT_MAX_FINDINGS).describe('at most this many findings are returned');
const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

export function createServer(options: ServerOptions): McpServer {
  const { cwd, rules, runner } = options;
  const run = (job: ToolJob, extra: { signal: AbortSignal; requestId: string | number }): Promise<CallToolResult> =>
    runner.run(job, extra.signal, `${job.tool} (request ${JSON.stringify(extra.requestId)})`);
  const server = new McpServer(
    { name: 'pyteam-lint', version: options.version },
    {
      instructions:
        'pyteam-lint finds anti-patterns in Python ML code (queues without timeouts, consumers without shutdown, ' +
        'unsafe torch.load/pickle, deep inheritance…); every finding names the team role that owns it. Lint with ' +
        'lint_paths or lint_source, read a rule with explain_rule, and before proposing a fix, check it with ' +
        'verify_fix: it is accepted only when it resolves a finding, introduces none, hides none behind a new noqa and still parses ' +
        '(deleting the flagged code is reported as deleted and does not count as a fix).',
    },
  );
  server.registerTool(
    'lint_paths',
    {
      title: 'Lint files and directories',
      description:
        'Lints Python files and directories (relative to the project) with the project\'s configuration and returns the findings ' +
        'as in `pyteam-lint --format json`: code, owning agent, location, message and the deterministic fix when there is one. ' +
        'Only paths inside the project root are read (after resolving symbolic links); others are refused, naming the root.',
      inputSchema: {
        paths: z.array(z.string().min(1)).min(1).describe('files or directories inside the project, relative to the project directory'),
        ...selection,
        max_findings: maxFindings,
      },
      outputSchema: lintOutput,
      annotations: { title: 'Lint files and directories', ...READ_ONLY },
    },
    async (args, extra) => run({ tool: 'lint_paths', args, cwd }, extra),
  );

  server.registerTool(
    'topology',
    {
      title: 'Draw the pipeline',
      description:
        'The process topology of the pipelines started under the paths, as `pyteam-lint topology --format json` gives it: parents, ' +
        'processes, threads, pools and in-parent stages, the queues, pipes and events between them (with maxsize and the message ' +
        'types on each edge), start/join/terminate edges, and marks linking the pipeline findings of the same run (code, path, line); ' +
        'an end no one can resolve is null, never guessed. Also the same graph as a Mermaid flowchart. Only paths inside the project root are read.',
      inputSchema: {
        paths: z.array(z.string().min(1)).min(1).default(['.']).describe('files or directories inside the project, relative to the project directory'),
      },
      outputSchema: {
        topology: z.object({ version: z.literal(1), nodes: z.array(z.record(z.string(), z.unknown())), edges: z.array(z.record(z.string(), z.unknown())) }),
        mermaid: z.string().describe('the graph as a Mermaid `flowchart LR`'),
        errors: z.array(errorSchema),
      },
      annotations: { title: 'Draw the pipeline', ...READ_ONLY },
    },
    async (args, extra) => run({ tool: 'topology', args, cwd }, extra),
  );

  server.registerTool(
    'lint_source',
    {
      title: 'Lint source text',
      description:
        'Lints Python source given as text, under a file name (which decides the configuration, per-file ignores and module name ' +
        'for cross-file rules). Nothing is read from or written to that path; it must be a relative file name inside the project root.',
      inputSchema: {
        source: z.string().describe('the Python source text'),
        filename: z.string().min(1).describe('the file name to lint it as, relative and inside the project, e.g. src/pipeline/detector.py'),
        ...selection,
        max_findings: maxFindings,
      },
      outputSchema: lintOutput,
      annotations: { title: 'Lint source text', ...READ_ONLY },
    },
    async (args, extra) => run({ tool: 'lint_source', args, cwd }, extra),
  );

  server.registerTool(
    'list_rules',
    {
      title: 'List the rules',
      description: 'Every rule: code, name, owning agent, severity, whether it is on by default, whether it offers fixes, and its summary.',
      inputSchema: {},
      outputSchema: {
        rules: z.array(
          z.object({
            code: z.string(),
            name: z.string(),
            agent: z.string(),
            severity: z.string(),
            enabledByDefault: z.boolean(),
            fixable: z.enum(['safe', 'unsafe']).nullable(),
            testCode: z.enum(['report', 'ignore', 'only']),
            summary: z.string(),
          }),
        ),
      },
      annotations: { title: 'List the rules', ...READ_ONLY },
    },
    async () =>
      result({
        rules: rules.map(ruleRow),
      }),
  );

  server.registerTool(
    'explain_rule',
    {
      title: 'Explain a rule',
      description: "A rule's documentation: what it flags, why it matters, a bad and a good example, its options and their defaults.",
      inputSchema: { rule: z.string().min(1).describe('a rule code (PTL301) or name (unsafe-torch-load)') },
      outputSchema: {
        code: z.string(),
        name: z.string(),
        agent: z.string(),
        severity: z.string(),
        enabledByDefault: z.boolean(),
        fixable: z.enum(['safe', 'unsafe']).nullable(),
        summary: z.string(),
        why: z.string(),
        bad: z.string(),
        good: z.string(),
        options: z.array(z.object({ name: z.string(), description: z.string(), default: z.unknown() })),
      },
      annotations: { title: 'Explain a rule', ...READ_ONLY },
    },
    async (args) => {
      const wanted = args.rule.trim();
      const rule = rules.find((r) => r.code === wanted.toUpperCase() || r.name === wanted);
      if (!rule) {
        let near: AnyRule[] = [];
        try {
          near = matchSelector(wanted, [...rules], 'explain_rule');
        } catch {
          near = [];
        }
        const hint = near.length > 0 ? ` Did you mean ${near.map((r) => r.code).join(', ')}?` : '';
        return toolError(`'${wanted}' is not a rule code or name; list_rules shows them all.${hint}`);
      }
      return result({
        code: rule.code,
        name: rule.name,
        agent: rule.agent,
        severity: rule.severity,
        enabledByDefault: rule.enabledByDefault,
        fixable: rule.fixable ?? null,
        summary: rule.docs.summary,
        why: rule.docs.why,
        bad: rule.docs.bad,
        good: rule.docs.good,
        options: optionDocs(rule).map((o) => ({ name: o.name, description: o.description, default: o.default })),
      });
    },
  );

  server.registerTool(
    'verify_fix',
    {
      title: 'Judge a proposed fix',
      description:
        'Lints a file before and after a proposed change (the new text, or a unified diff of this one file) and judges it: ' +
        '`accepted` only when at least one finding is resolved, no new finding appears and the file still parses. ' +
        'Findings are matched by the code they flag, not by line, so moved code is not a new finding. ' +
        'A finding hidden by a `# noqa` or `# pyteam-lint: noqa` the change adds or widens is `suppressed`, not resolved, and rejects the change ' +
        'unless allowSuppressions; a finding whose lines the change removes without replacing them is `deleted` and does not count as resolved ' +
        'unless allowDeletions (a change that only deletes flagged code is rejected).',
      inputSchema: {
        filename: z.string().min(1).describe('the file name, relative and inside the project (decides configuration and module name)'),
        original: z.string().describe("the file's text before the change"),
        proposed: z.string().optional().describe('the whole text after the change (give this or diff)'),
        diff: z.string().optional().describe('a unified diff of this file (give this or proposed)'),
        allowSuppressions: z.boolean().optional().describe('accept findings hidden by a noqa the change adds, counting them as resolved (default false: they reject the change)'),
        allowDeletions: z.boolean().optional().describe('count findings removed together with their code as resolved (default false: deleting is not fixing)'),
        ...selection,
      },
      outputSchema: {
        verdict: z.enum(['accepted', 'rejected']),
        reasons: z.array(z.string()),
        parses: z.boolean().nullable().describe('null when the diff did not apply'),
        syntaxErrors: z.array(z.object({ path: z.string(), line: z.number(), column: z.number() })),
        resolved: z.array(findingSchema),
        introduced: z.array(findingSchema),
        remaining: z.array(findingSchema),
        errors: z.array(errorSchema),
        suppressed: z.array(findingSchema).describe('findings still there but hidden by a noqa the change added or widened (lines of the changed text)'),
        deleted: z.array(findingSchema).describe('findings whose flagged lines the change removed without replacement (lines of the original)'),
      },
      annotations: { title: 'Judge a proposed fix', ...READ_ONLY },
    },
    async (args, extra) => run({ tool: 'verify_fix', args, cwd }, extra),
  );

  return server;
}
