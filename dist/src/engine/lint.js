/**
 * The linter: parse each file once, build its semantic model and summary from one compiled query,
 * feed the rules from the same captures, then run the cross-file rules over the combined summaries.
 * Findings are plain data, filtered by suppressions and sorted, so output is deterministic.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderMessage, } from '../rule.js';
import { CONTAINER_TYPES, MODEL_NODE_TYPES, SemanticModel } from './model.js';
import { isNodeType, loadPython, parse, queryForTypes } from './parser.js';
import { ProjectIndex, moduleNameFor } from './project.js';
import { LineIndex, decodeSource, describeFsError } from './source.js';
import { collectSuppressions, isSuppressed } from './suppressions.js';
import { collectCaptures, sweep } from './traverse.js';
export function displayPath(abs, cwd) {
    const rel = path.relative(cwd, abs);
    return (rel === '' ? path.basename(abs) : rel).split(path.sep).join('/');
}
export class Linter {
    parser;
    language;
    rules;
    constructor(parser, language, rules) {
        this.parser = parser;
        this.language = language;
        this.rules = rules;
    }
    static async create(rules) {
        const { parser, language } = await loadPython();
        return new Linter(parser, language, rules);
    }
    async lint(request) {
        const outcomes = new Map();
        const linted = [...new Set(request.files)].sort();
        for (const abs of linted) {
            const text = request.stdin && request.stdin.path === abs ? request.stdin.text : null;
            outcomes.set(abs, this.lintFile(abs, text, request, true));
        }
        const hasProjectRules = this.rules.some((r) => r.rule.project);
        const summaries = [];
        for (const o of outcomes.values())
            if (o.summary)
                summaries.push(o.summary);
        if (hasProjectRules) {
            for (const abs of [...new Set(request.indexOnly ?? [])].sort()) {
                if (outcomes.has(abs))
                    continue;
                const summary = this.lintFile(abs, null, request, false).summary;
                if (summary)
                    summaries.push(summary);
            }
        }
        summaries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        const findings = [];
        const errors = [];
        for (const o of outcomes.values()) {
            findings.push(...o.findings);
            errors.push(...o.errors);
        }
        if (hasProjectRules)
            findings.push(...this.runProjectRules(summaries, errors));
        const reported = new Map();
        for (const abs of linted) {
            const s = outcomes.get(abs)?.summary;
            if (s)
                reported.set(s.path, s);
        }
        const kept = findings.filter((f) => {
            const summary = reported.get(f.path);
            if (!summary)
                return false;
            if (isSuppressed(summary.suppressions, f.code, f.line))
                return false;
            return true;
        });
        const filtered = request.ignoredCodesFor ? this.applyPerFileIgnores(kept, request, linted) : kept;
        return { findings: sortFindings(filtered), errors: sortErrors(errors), files: linted.length };
    }
    applyPerFileIgnores(findings, request, linted) {
        const byDisplay = new Map();
        for (const abs of linted) {
            const rel = path.relative(request.root, abs).split(path.sep).join('/');
            byDisplay.set(displayPath(abs, request.cwd), request.ignoredCodesFor(rel));
        }
        return findings.filter((f) => !byDisplay.get(f.path)?.has(f.code));
    }
    queryFor(extraTypes) {
        return queryForTypes(this.language, [...MODEL_NODE_TYPES, ...CONTAINER_TYPES, ...extraTypes]);
    }
    lintFile(abs, given, request, report) {
        const shown = displayPath(abs, request.cwd);
        const fail = (message) => ({ findings: [], summary: null, errors: report ? [{ path: shown, message }] : [] });
        let text = given;
        if (text === null) {
            let bytes;
            try {
                bytes = readFileSync(abs);
            }
            catch (error) {
                return fail(describeFsError(error));
            }
            const decoded = decodeSource(bytes, request.maxFileSize);
            if (!decoded.ok)
                return fail(decoded.reason);
            text = decoded.text;
        }
        const { module, isPackage } = moduleNameFor(abs, request.root);
        let tree;
        try {
            tree = parse(this.parser, text);
        }
        catch (error) {
            return fail(`could not be parsed: ${error.message}`);
        }
        try {
            return this.analyse(tree.rootNode, text, shown, module, isPackage, report);
        }
        finally {
            tree.delete();
        }
    }
    analyse(root, text, shown, module, isPackage, report) {
        const lines = new LineIndex(text);
        const model = new SemanticModel({ module, isPackage });
        const records = {};
        const findings = [];
        const errors = [];
        // Rules first, so the query also captures what they listen to.
        const handlers = new Map();
        const exitHandlers = new Map();
        let ancestors = [];
        const failed = new Set();
        const internal = (rule, error) => {
            if (failed.has(rule))
                return;
            failed.add(rule);
            const detail = error instanceof Error ? error.message : String(error);
            errors.push({ path: shown, message: `internal error in rule ${rule.rule.code} (${rule.rule.name}): ${detail}`, internal: true });
        };
        if (report) {
            for (const configured of this.rules) {
                const { rule } = configured;
                const ctx = {
                    options: configured.options,
                    file: { path: shown, module, source: text },
                    model,
                    get ancestors() {
                        return ancestors;
                    },
                    report: (r) => {
                        findings.push(this.toFinding(configured, r, shown, lines));
                    },
                    locate: (node) => lines.locate(node.startIndex, node.endIndex),
                    record: (data) => {
                        (records[rule.code] ??= []).push(data);
                    },
                };
                let visitors;
                try {
                    visitors = rule.create(ctx);
                }
                catch (error) {
                    internal(configured, error);
                    continue;
                }
                for (const [key, visit] of Object.entries(visitors)) {
                    const exit = key.endsWith(':exit');
                    const type = exit ? key.slice(0, -5) : key;
                    if (!isNodeType(this.language, type)) {
                        throw new Error(`rule ${rule.code} (${rule.name}) listens to '${key}', which is not a tree-sitter-python node type`);
                    }
                    const table = exit ? exitHandlers : handlers;
                    let list = table.get(type);
                    if (!list)
                        table.set(type, (list = []));
                    list.push({ rule: configured, visit });
                }
            }
        }
        const captures = collectCaptures(root.tree, this.queryFor([...handlers.keys(), ...exitHandlers.keys()]));
        const containers = new Set(CONTAINER_TYPES);
        for (const t of exitHandlers.keys())
            containers.add(t);
        const modelTypes = new Set(MODEL_NODE_TYPES);
        const processCalls = [];
        sweep(captures, containers, {
            enter(capture, stack) {
                if (!modelTypes.has(capture.type))
                    return;
                model.enter(capture, stack);
                if (capture.type === 'call' && mayConstructProcess(capture))
                    processCalls.push({ node: capture.node, ancestors: [...stack] });
            },
        });
        model.finish(processCalls);
        if (report && (handlers.size > 0 || exitHandlers.size > 0)) {
            const dispatch = (table, capture, stack) => {
                const list = table.get(capture.type);
                if (!list)
                    return;
                ancestors = stack;
                for (const { rule, visit } of list) {
                    if (failed.has(rule))
                        continue;
                    try {
                        visit(capture.node);
                    }
                    catch (error) {
                        internal(rule, error);
                    }
                }
            };
            sweep(captures, containers, {
                enter: (capture, stack) => dispatch(handlers, capture, stack),
                exit: (container, stack) => dispatch(exitHandlers, container, stack),
            });
        }
        const summary = {
            path: shown,
            module,
            isPackage,
            imports: Object.fromEntries(model.moduleImports),
            classes: model.classes.map((c) => {
                const name = c.node.childForFieldName('name') ?? c.node;
                return { name: c.name, qname: c.qname, bases: c.bases, metaclass: c.metaclass, location: lines.locate(name.startIndex, name.endIndex) };
            }),
            processTargets: model.processTargets,
            suppressions: collectSuppressions(model.comments),
            records,
        };
        return { findings, summary, errors };
    }
    toFinding(configured, r, shown, lines) {
        const { rule } = configured;
        const span = r.span ?? { start: r.node?.startIndex ?? 0, end: r.node?.endIndex ?? 0 };
        const template = rule.messages[r.messageId];
        if (template === undefined)
            throw new Error(`unknown message id '${r.messageId}'`);
        return {
            code: rule.code,
            name: rule.name,
            agent: rule.agent,
            severity: configured.severity,
            path: shown,
            ...lines.locate(span.start, span.end),
            message: renderMessage(template, r.data),
            fix: r.fix ?? null,
        };
    }
    runProjectRules(summaries, errors) {
        const index = new ProjectIndex(summaries);
        const findings = [];
        for (const configured of this.rules) {
            const { rule } = configured;
            if (!rule.project)
                continue;
            try {
                rule.project({
                    options: configured.options,
                    index,
                    records: () => summaries.flatMap((s) => (s.records[rule.code] ?? []).map((data) => ({ path: s.path, module: s.module, data }))),
                    report: (r) => {
                        const template = rule.messages[r.messageId];
                        if (template === undefined)
                            throw new Error(`unknown message id '${r.messageId}'`);
                        findings.push({
                            code: rule.code,
                            name: rule.name,
                            agent: rule.agent,
                            severity: configured.severity,
                            path: r.path,
                            ...r.location,
                            message: renderMessage(template, r.data),
                            fix: null,
                        });
                    },
                });
            }
            catch (error) {
                errors.push({
                    path: '<project>',
                    message: `internal error in rule ${rule.code} (${rule.name}): ${error instanceof Error ? error.message : String(error)}`,
                    internal: true,
                });
            }
        }
        return findings;
    }
}
/** Cheap pre-filter: only calls whose callee ends in `Process` can start a process. */
function mayConstructProcess(capture) {
    const fn = capture.node.childForFieldName('function');
    if (!fn)
        return false;
    const name = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn.type === 'identifier' ? fn.text : undefined;
    return name !== undefined && /Process$/.test(name);
}
function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
export function sortFindings(findings) {
    return findings.sort((a, b) => compare(a.path, b.path) ||
        compare(a.line, b.line) ||
        compare(a.column, b.column) ||
        compare(a.code, b.code) ||
        compare(a.endLine, b.endLine) ||
        compare(a.endColumn, b.endColumn) ||
        compare(a.message, b.message));
}
function sortErrors(errors) {
    return errors.sort((a, b) => compare(a.path, b.path) || compare(a.message, b.message));
}
