/**
 * One file's analysis: decode, parse once, build the semantic model and the file's summary from one
 * compiled query, and feed the rules from the same captures. Runs in the main thread or in a
 * worker; results are plain data (structured-clonable and JSON), so they can cross threads and be
 * cached by content.
 */
import { readFileSync } from 'node:fs';
import { renderMessage } from '../rule.js';
import { displayPath } from './lint.js';
import { CONTAINER_TYPES, MODEL_NODE_TYPES, SemanticModel } from './model.js';
import { isNodeType, loadPython, parse, queryForTypes } from './parser.js';
import { moduleAliases, moduleNameFor } from './project.js';
import { LineIndex, decodeSource, describeFsError } from './source.js';
import { collectSuppressions } from './suppressions.js';
import { collectCaptures, sweep } from './traverse.js';
import { containsMatch, matchStarts, mergeCaptures, nodesContaining } from './triggers.js';
/** What the model and the sweep need captured in every file, whatever the rules listen to. */
const ALWAYS_CAPTURED = new Set([...MODEL_NODE_TYPES, ...CONTAINER_TYPES]);
/**
 * The comments that mention noqa, found by scanning the text (cheap) and confirming each hit is a
 * comment node (one lookup per hit), instead of capturing every comment of every file.
 */
function noqaComments(root, text) {
    const out = [];
    const pattern = /#[^\r\n]*?noqa[^\r\n]*/gi;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        const node = root.descendantForIndex(m.index);
        if (node?.type !== 'comment' || node.startIndex !== m.index) {
            pattern.lastIndex = m.index + 1; // a `#` inside a string: the comment may start further on
            continue;
        }
        out.push({ text: node.text, line: node.startPosition.row + 1 });
    }
    return out;
}
export class FileAnalyzer {
    rules;
    cache;
    configKey;
    language;
    /**
     * @param configKey identifies the rule set and its options, for cache keys
     */
    constructor(rules, cache, configKey) {
        this.rules = rules;
        this.cache = cache;
        this.configKey = configKey;
    }
    queryFor(extraTypes) {
        return queryForTypes(this.language, [...ALWAYS_CAPTURED, ...extraTypes]);
    }
    /**
     * Lints (or, with `report: false`, only summarises) one file: from the cache when its content is
     * known. `prepared` is what `prepare` already read for this job, so nothing is read twice.
     */
    async run(job, prepared = this.prepare(job)) {
        if ('outcome' in prepared)
            return prepared.outcome;
        const { bytes, shown, module, isPackage, cacheKey, fail } = prepared;
        if (job.floor)
            return this.floor(bytes, job);
        const outcome = await this.analyseBytes(bytes, job, shown, module, isPackage, fail);
        if (cacheKey && !outcome.errors.some((e) => e.internal))
            this.cache.set(cacheKey, outcome);
        return outcome;
    }
    /** Reads and hashes a job: its outcome when that is already known (cached, unreadable), else what analysis needs. */
    prepare(job) {
        const shown = displayPath(job.abs, job.cwd);
        const fail = (message) => ({ findings: [], summary: null, errors: job.report ? [{ path: shown, message }] : [] });
        let bytes;
        if (job.text !== undefined) {
            bytes = Buffer.from(job.text, 'utf8');
        }
        else {
            try {
                bytes = readFileSync(job.abs);
            }
            catch (error) {
                return { outcome: fail(describeFsError(error)) };
            }
        }
        const { module, isPackage } = moduleNameFor(job.abs, job.root);
        const cacheKey = job.floor
            ? undefined
            : this.cache?.key([this.configKey, job.report ? 'lint' : 'summary', job.root, shown, module, String(isPackage), String(job.maxFileSize)], bytes);
        const cached = cacheKey ? this.cache.get(cacheKey) : undefined;
        return cached ? { outcome: cached } : { bytes, shown, module, isPackage, cacheKey, fail };
    }
    async floor(bytes, job) {
        const decoded = decodeSource(bytes, job.maxFileSize);
        if (decoded.ok) {
            const { parser, language } = await loadPython();
            const tree = parse(parser, decoded.text);
            if (job.floor === 'walk')
                queryForTypes(language, ['module']).captures(tree.rootNode);
            tree.delete();
        }
        return { findings: [], summary: null, errors: [] };
    }
    async analyseBytes(bytes, job, shown, module, isPackage, fail) {
        let text;
        if (job.text !== undefined)
            text = job.text;
        else {
            const decoded = decodeSource(bytes, job.maxFileSize);
            if (!decoded.ok)
                return fail(decoded.reason);
            text = decoded.text;
        }
        const { parser, language } = await loadPython();
        this.language = language;
        let tree;
        try {
            tree = parse(parser, text);
        }
        catch (error) {
            return fail(`could not be parsed: ${error.message}`);
        }
        try {
            const summaryAliases = moduleAliases(job.abs, job.root, module);
            return this.analyse(tree.rootNode, text, shown, module, isPackage, job.report, summaryAliases);
        }
        finally {
            tree.delete();
        }
    }
    analyse(root, text, shown, module, isPackage, report, aliases) {
        const lines = new LineIndex(text);
        const model = new SemanticModel({ module, isPackage, source: text });
        const records = {};
        const findings = [];
        const errors = [];
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
                    const pattern = exit ? undefined : rule.textTriggers?.[type];
                    list.push({ rule: configured, visit, ...(pattern ? { trigger: matchStarts(text, pattern) } : {}) });
                }
            }
        }
        // A type the model does not capture anyway, whose every visitor has a text trigger, is found
        // from the matches instead of being captured.
        const fromText = new Map([...handlers].filter(([type, list]) => !ALWAYS_CAPTURED.has(type) && !exitHandlers.has(type) && list.every((h) => h.trigger)));
        let captures = collectCaptures(root.tree, this.queryFor([...handlers.keys(), ...exitHandlers.keys()].filter((t) => !fromText.has(t))));
        for (const [type, list] of fromText) {
            const starts = [...new Set(list.flatMap((h) => h.trigger))].sort((a, b) => a - b);
            captures = mergeCaptures(captures, nodesContaining(root, starts, type));
        }
        const containers = new Set(CONTAINER_TYPES);
        for (const t of exitHandlers.keys())
            containers.add(t);
        model.indexCalls(captures);
        const modelTypes = new Set(MODEL_NODE_TYPES);
        const processCalls = [];
        sweep(captures, containers, {
            enter(capture, stack) {
                if (!modelTypes.has(capture.type))
                    return;
                model.enter(capture, stack);
                if (capture.type === 'call' && model.mayConstructProcess(capture.node))
                    processCalls.push({ node: capture.node, ancestors: stack });
            },
        });
        model.finish(processCalls);
        if (report && (handlers.size > 0 || exitHandlers.size > 0)) {
            const dispatch = (table, capture, stack) => {
                const list = table.get(capture.type);
                if (!list)
                    return;
                ancestors = stack;
                for (const { rule, visit, trigger } of list) {
                    if (failed.has(rule))
                        continue;
                    if (trigger && !containsMatch(trigger, capture.start, capture.end))
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
            aliases,
            imports: Object.fromEntries(model.moduleImports),
            classes: model.classes.map((c) => {
                const name = c.node.childForFieldName('name') ?? c.node;
                return { name: c.name, qname: c.qname, bases: c.bases, metaclass: c.metaclass, location: lines.locate(name.startIndex, name.endIndex) };
            }),
            processTargets: model.processTargets,
            suppressions: collectSuppressions(noqaComments(root, text)),
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
}
