/**
 * The contract between the engine and a rule module. A rule is plain data plus a `create`
 * function that returns visitors keyed by tree-sitter-python node types (`call`,
 * `class_definition`, …; `type:exit` fires when the traversal leaves such a node). Rules never
 * walk the tree: they receive the nodes they subscribe to, with the enclosing context, and ask
 * the semantic model for facts.
 */
import { z } from 'zod';
export const AGENTS = [
    'python-architect',
    'python-async-specialist',
    'python-ml-specialist',
    'python-quality-enforcer',
    'python-security-reviewer',
    'python-test-writer',
    'backend-architect',
];
export const SEVERITIES = ['error', 'warning', 'info'];
export function defineRule(rule) {
    return rule;
}
/** Renders a message template: `{{name}}` placeholders are replaced by `data` values. */
export function renderMessage(template, data) {
    return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key) => data && key in data ? String(data[key]) : whole);
}
export function isValidRegex(source) {
    try {
        new RegExp(source);
        return true;
    }
    catch {
        return false;
    }
}
/** A regular-expression option: validated when the configuration is read, compiled once. */
export function patternOption(defaultPattern, description) {
    return z
        .string()
        .refine(isValidRegex, { message: 'must be a valid regular expression' })
        .default(defaultPattern)
        .describe(description);
}
const compiled = new Map();
/** The compiled form of a pattern option (cached: rules are created once per file). */
export function regex(pattern) {
    let re = compiled.get(pattern);
    if (!re)
        compiled.set(pattern, (re = new RegExp(pattern)));
    return re;
}
/** Parameters (and never-assigned attributes) with these names are taken to be queues. */
export const queueNamePatternOption = patternOption('^(?:q|queue|\\w+_q|\\w+_queue|q_\\w+|queue_\\w+)$', 'names of parameters taken to be queues when nothing else says what they are');
