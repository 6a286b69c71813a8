export function collectCaptures(tree, query) {
    const out = [];
    for (const { name, node } of query.captures(tree.rootNode)) {
        out.push({ node, type: name, start: node.startIndex, end: node.endIndex });
    }
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
        // Zero-width captures (MISSING nodes) at a container's very end still belong to it.
        close(capture.end > capture.start ? capture.start : capture.start - 1);
        handlers.enter(capture, stack);
        if (containerTypes.has(capture.type) && capture.end > capture.start)
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
