/** A capture whose end offset is asked of the tree only when needed (containers, text triggers). */
class QueryCapture {
    node;
    type;
    start;
    endIndex = -1;
    constructor(node, type, start) {
        this.node = node;
        this.type = type;
        this.start = start;
    }
    get end() {
        if (this.endIndex < 0)
            this.endIndex = this.node.endIndex;
        return this.endIndex;
    }
}
export function collectCaptures(tree, query) {
    const out = [];
    for (const { name, node } of query.captures(tree.rootNode))
        out.push(new QueryCapture(node, name, node.startIndex));
    return out;
}
export function sweep(captures, containerTypes, handlers) {
    // Copy-on-write: each push or pop makes a new array, so every snapshot handed out stays valid.
    // Containers are far fewer than the nodes that keep a snapshot (bindings, calls).
    let stack = [];
    const close = (until) => {
        while (stack.length > 0 && stack[stack.length - 1].end <= until) {
            const top = stack[stack.length - 1];
            stack = stack.slice(0, -1);
            handlers.exit?.(top, stack);
        }
    };
    for (const capture of captures) {
        // A container ends at or before this capture's start: it no longer encloses anything ahead.
        // A zero-width container (all of it MISSING) at a container's very end still belongs to it.
        // Other captures are not asked for their end: only a MISSING token can be zero-width, and
        // captured types are not tokens.
        const container = containerTypes.has(capture.type);
        close(!container || capture.end > capture.start ? capture.start : capture.start - 1);
        handlers.enter(capture, stack);
        if (container && capture.end > capture.start)
            stack = [...stack, capture];
    }
    close(Number.POSITIVE_INFINITY);
}
/** The innermost enclosing container whose type is one of `types`, searching outwards. */
export function innermost(ancestors, types) {
    for (let i = ancestors.length - 1; i >= 0; i--) {
        const a = ancestors[i];
        if (typeof types === 'string' ? a.type === types : types.has(a.type))
            return a;
    }
    return undefined;
}
