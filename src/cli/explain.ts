/** `pyteam-lint rules` and `pyteam-lint explain CODE`: the docs come from each rule's metadata. */
import { z } from 'zod';
import type { AnyRule } from '../rule.js';
import { describeTestCodePolicy, testCodePolicy } from '../engine/testcode.js';
import { IN_TESTS_OPTION } from './config.js';

interface OptionDoc {
  name: string;
  description: string;
  default: unknown;
}

/** The options of a rule, from its zod object schema (name, description and default), and `in-tests`. */
export function optionDocs(rule: AnyRule): OptionDoc[] {
  const policy = testCodePolicy(rule);
  const inTests: OptionDoc = {
    name: IN_TESTS_OPTION,
    description: `whether to report in test code (files matching \`test-paths\`); ${describeTestCodePolicy(policy)} unless set`,
    default: policy !== 'ignore',
  };
  const schema = rule.options;
  if (!(schema instanceof z.ZodObject)) return [inTests];
  const defaults = schema.safeParse({});
  const values = (defaults.success ? defaults.data : {}) as Record<string, unknown>;
  const own = Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => ({
    name,
    description: field.description ?? '',
    default: values[name],
  }));
  return [...own, inTests];
}

/** The rule table of the README (`pyteam-lint rules --format markdown`). */
export function rulesMarkdown(rules: readonly AnyRule[]): string {
  const lines = ['| code | name | owner | default | fix | in tests | what it flags |', '|---|---|---|---|---|---|---|'];
  for (const r of rules) {
    const summary = r.docs.summary.replace(/\|/g, '\\|');
    lines.push(`| ${r.code} | \`${r.name}\` | ${r.agent} | ${r.enabledByDefault ? 'on' : 'off'} | ${r.fixable ?? ''} | ${testCodePolicy(r)} | ${summary} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** One rule as data: what `rules --format json` and the MCP server's list_rules return. */
export function ruleRow(r: AnyRule) {
  return {
    code: r.code,
    name: r.name,
    agent: r.agent,
    severity: r.severity,
    enabledByDefault: r.enabledByDefault,
    fixable: r.fixable ?? null,
    testCode: testCodePolicy(r),
    summary: r.docs.summary,
  };
}

export function listRules(rules: readonly AnyRule[], format: 'text' | 'json' | 'markdown'): string {
  if (format === 'markdown') return rulesMarkdown(rules);
  if (format === 'json') return `${JSON.stringify(rules.map(ruleRow), null, 2)}\n`;
  const widths = [6, Math.max(...rules.map((r) => r.name.length)), Math.max(...rules.map((r) => r.agent.length)), 7, 6];
  const row = (cells: string[]): string => cells.map((c, i) => (i < widths.length ? c.padEnd(widths[i]!) : c)).join('  ').trimEnd();
  const lines = [row(['code', 'name', 'agent', 'default', 'fix', 'in tests'])];
  for (const r of rules) lines.push(row([r.code, r.name, r.agent, r.enabledByDefault ? 'on' : 'off', r.fixable ?? '', testCodePolicy(r)]));
  return `${lines.join('\n')}\n`;
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => (l ? `    ${l}` : ''))
    .join('\n');
}

export function explainRule(rule: AnyRule): string {
  const out = [
    `${rule.code} ${rule.name}`,
    `owner: ${rule.agent} · severity: ${rule.severity} · ${rule.enabledByDefault ? 'on by default' : 'off by default (enable with --select ' + rule.code + ')'}${rule.fixable ? ` · fix: ${rule.fixable}` : ''} · ${describeTestCodePolicy(testCodePolicy(rule))}`,
    '',
    rule.docs.summary,
    '',
    'Why is this bad?',
    indent(rule.docs.why),
    '',
    'Example',
    indent(rule.docs.bad),
    '',
    'Use instead',
    indent(rule.docs.good),
  ];
  const options = optionDocs(rule);
  out.push('', `Options ([tool.pyteam-lint.rules.${rule.name}])`);
  for (const o of options) out.push(`    ${o.name} = ${o.default === undefined ? '(unset)' : JSON.stringify(o.default)}${o.description ? `  — ${o.description}` : ''}`);
  return `${out.join('\n')}\n`;
}
