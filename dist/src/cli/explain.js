/** `pyteam-lint rules` and `pyteam-lint explain CODE`: the docs come from each rule's metadata. */
import { z } from 'zod';
/** The options of a rule, from its zod object schema: name, description and default. */
export function optionDocs(rule) {
    const schema = rule.options;
    if (!(schema instanceof z.ZodObject))
        return [];
    const defaults = schema.safeParse({});
    const values = (defaults.success ? defaults.data : {});
    return Object.entries(schema.shape).map(([name, field]) => ({
        name,
        description: field.description ?? '',
        default: values[name],
    }));
}
/** The rule table of the README (`pyteam-lint rules --format markdown`). */
export function rulesMarkdown(rules) {
    const lines = ['| code | name | owner | default | fix | what it flags |', '|---|---|---|---|---|---|'];
    for (const r of rules) {
        const summary = r.docs.summary.replace(/\|/g, '\\|');
        lines.push(`| ${r.code} | \`${r.name}\` | ${r.agent} | ${r.enabledByDefault ? 'on' : 'off'} | ${r.fixable ?? ''} | ${summary} |`);
    }
    return `${lines.join('\n')}\n`;
}
/** One rule as data: what `rules --format json` and the MCP server's list_rules return. */
export function ruleRow(r) {
    return {
        code: r.code,
        name: r.name,
        agent: r.agent,
        severity: r.severity,
        enabledByDefault: r.enabledByDefault,
        fixable: r.fixable ?? null,
        summary: r.docs.summary,
    };
}
export function listRules(rules, format) {
    if (format === 'markdown')
        return rulesMarkdown(rules);
    if (format === 'json')
        return `${JSON.stringify(rules.map(ruleRow), null, 2)}\n`;
    const widths = [6, Math.max(...rules.map((r) => r.name.length)), Math.max(...rules.map((r) => r.agent.length)), 7];
    const row = (cells) => cells.map((c, i) => (i < widths.length ? c.padEnd(widths[i]) : c)).join('  ').trimEnd();
    const lines = [row(['code', 'name', 'agent', 'default', 'fix'])];
    for (const r of rules)
        lines.push(row([r.code, r.name, r.agent, r.enabledByDefault ? 'on' : 'off', r.fixable ?? '']));
    return `${lines.join('\n')}\n`;
}
function indent(text) {
    return text
        .trimEnd()
        .split('\n')
        .map((l) => (l ? `    ${l}` : ''))
        .join('\n');
}
export function explainRule(rule) {
    const out = [
        `${rule.code} ${rule.name}`,
        `owner: ${rule.agent} · severity: ${rule.severity} · ${rule.enabledByDefault ? 'on by default' : 'off by default (enable with --select ' + rule.code + ')'}${rule.fixable ? ` · fix: ${rule.fixable}` : ''}`,
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
    if (options.length > 0) {
        out.push('', `Options ([tool.pyteam-lint.rules.${rule.name}])`);
        for (const o of options)
            out.push(`    ${o.name} = ${JSON.stringify(o.default)}${o.description ? `  — ${o.description}` : ''}`);
    }
    return `${out.join('\n')}\n`;
}
