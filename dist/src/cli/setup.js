/**
 * The configuration of a lint run outside the main check: `verify` and the MCP server find the
 * project's configuration, select and configure rules, and discover files the way the check does.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { displayPath } from '../engine/lint.js';
import { forAgent } from './agent.js';
import { checkRuleTables, loadConfig, matchSelector, ruleOptions, selectRules } from './config.js';
import { DEFAULT_EXCLUDES, Discoverer } from './discover.js';
/** Larger files are almost always generated (protobuf, data dumps); users can raise the limit. */
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;
/** Finds the configuration from `start` upwards and prepares the rules; bad configuration throws a UsageError. */
export function prepareLint(start, cwd, rules, options = {}) {
    const loaded = loadConfig(start, options.config, cwd);
    const { config, root } = loaded;
    const label = loaded.file ? displayPath(loaded.file, cwd) : 'configuration';
    checkRuleTables([...rules], config, label);
    const enabled = forAgent(selectRules([...rules], config, { select: options.select, extendSelect: options.extendSelect, ignore: options.ignore }, label), options.agent);
    const configured = enabled.map((rule) => ({ rule, options: ruleOptions(rule, config, label), severity: rule.severity }));
    const discoverer = new Discoverer({
        root,
        excludes: [...(config.exclude ?? DEFAULT_EXCLUDES), ...(config['extend-exclude'] ?? [])],
        respectGitignore: options.respectGitignore ?? config['respect-gitignore'] ?? true,
        forceExclude: options.forceExclude ?? false,
    });
    const perFileIgnores = Object.entries(config['per-file-ignores'] ?? {}).map(([glob, codes]) => ({
        match: picomatch(glob, { dot: true }),
        basename: !glob.includes('/'),
        codes: new Set(codes.flatMap((c) => matchSelector(c, [...rules], `${label} per-file-ignores."${glob}"`)).map((r) => r.code)),
    }));
    return {
        root,
        cwd,
        config,
        enabled,
        configured,
        discoverer,
        maxFileSize: config['max-file-size'] ?? DEFAULT_MAX_FILE_SIZE,
        ignoredCodesFor(rel) {
            const codes = new Set();
            for (const p of perFileIgnores) {
                if (p.match(rel) || (p.basename && p.match(path.posix.basename(rel))))
                    for (const c of p.codes)
                        codes.add(c);
            }
            return codes;
        },
        indexFiles() {
            return configured.some((c) => c.rule.project) ? discoverer.discover([root]).files : [];
        },
    };
}
/** The deepest directory containing every input (a file counts as its directory). */
export function commonDirectory(inputs, cwd) {
    if (inputs.length === 0)
        return cwd;
    const dirs = inputs.map((p) => {
        try {
            return statSync(p).isDirectory() ? p : path.dirname(p);
        }
        catch {
            return path.dirname(p);
        }
    });
    let common = dirs[0].split(path.sep);
    for (const d of dirs.slice(1)) {
        const parts = d.split(path.sep);
        let i = 0;
        while (i < common.length && i < parts.length && common[i] === parts[i])
            i++;
        common = common.slice(0, i);
    }
    return common.join(path.sep) || path.sep;
}
