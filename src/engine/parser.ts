/**
 * Loads web-tree-sitter and the tree-sitter-python grammar once per process (or worker) and
 * hands out a parser and compiled queries.
 */
import { createRequire } from 'node:module';
import { Language, Parser, Query, type Tree } from 'web-tree-sitter';

const require = createRequire(import.meta.url);

interface Loaded {
  parser: Parser;
  language: Language;
}

let loading: Promise<Loaded> | undefined;
const queries = new Map<string, Query>();

export function loadPython(): Promise<Loaded> {
  loading ??= (async () => {
    await Parser.init();
    const language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return { parser, language };
  })();
  return loading;
}

/** Compiles (once) a query that captures every node of the given types, each under its type name. */
export function queryForTypes(language: Language, types: Iterable<string>): Query {
  const sorted = [...new Set(types)].sort();
  const key = sorted.join(' ');
  let query = queries.get(key);
  if (!query) {
    query = new Query(language, sorted.map((t) => `(${t}) @${t}`).join('\n'));
    queries.set(key, query);
  }
  return query;
}

const nodeTypes = new Map<string, boolean>();
export function isNodeType(language: Language, type: string): boolean {
  let known = nodeTypes.get(type);
  if (known === undefined) nodeTypes.set(type, (known = language.idForNodeType(type, true) !== null));
  return known;
}

/**
 * Parses a module. Python takes a lone CR (old Mac line endings) as a line break, the grammar does
 * not: it is given `\n` in its place, one code unit for one, so every offset, position and fix edit
 * still holds for the original text (whose line index counts lone CRs as breaks too).
 */
export function parse(parser: Parser, source: string): Tree {
  const tree = parser.parse(source.includes('\r') ? source.replace(/\r(?!\n)/g, '\n') : source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}
