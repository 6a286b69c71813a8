/**
 * The contract between the engine and a rule module. A rule is plain data plus a `create`
 * function that returns visitors keyed by tree-sitter-python node types (`call`,
 * `class_definition`, …; `type:exit` fires when the traversal leaves such a node). Rules never
 * walk the tree: they receive the nodes they subscribe to, with the enclosing context, and ask
 * the semantic model for facts.
 */
import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import type { SemanticModel } from './engine/model.js';
import type { Container } from './engine/traverse.js';
import type { ProjectIndex } from './engine/project.js';
import type { Location } from './engine/source.js';

export const AGENTS = [
  'python-architect',
  'python-async-specialist',
  'python-ml-specialist',
  'python-quality-enforcer',
  'python-security-reviewer',
  'python-test-writer',
  'backend-architect',
] as const;
export type Agent = (typeof AGENTS)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * How a rule treats test code (files matching `test-paths`), chosen for what its hazard means
 * there: `report` like anywhere else, `ignore` (the hazard does not exist in a test), or `only`
 * (a rule about tests). The rule option `in-tests = true|false` overrides it per project.
 */
export const TEST_CODE_POLICIES = ['report', 'ignore', 'only'] as const;
export type TestCodePolicy = (typeof TEST_CODE_POLICIES)[number];

/** A half-open range of UTF-16 code unit offsets into the decoded source text. */
export interface Span {
  start: number;
  end: number;
}

export interface Edit extends Span {
  text: string;
}

export type Applicability = 'safe' | 'unsafe';

export interface Fix {
  title: string;
  applicability: Applicability;
  edits: Edit[];
}

export interface RuleDocs {
  summary: string;
  why: string;
  bad: string;
  good: string;
}

/** What a rule reports while visiting one file. */
export interface Report<M extends string> {
  /** The node to underline, or an explicit span. */
  node?: Node;
  span?: Span;
  messageId: M;
  data?: Record<string, string | number>;
  fix?: Fix;
}

export interface FileInfo {
  /** Path relative to the current directory, `/`-separated. */
  path: string;
  /** Dotted module name inside the project (`pipeline.camera`). */
  module: string;
  source: string;
  /** True when the path matches `test-paths`: the engine drops findings of rules that do not report there. */
  isTest: boolean;
}

export interface RuleContext<O, M extends string> {
  readonly options: O;
  readonly file: FileInfo;
  /** The file's semantic model: complete once visitors run (do not query it in `create`). */
  readonly model: SemanticModel;
  /** Enclosing containers of the node being visited (outermost first, the node itself excluded). */
  readonly ancestors: readonly Container[];
  report(report: Report<M>): void;
  /** 1-based line/column range of a node, for data recorded for the project phase. */
  locate(node: Node): Location;
  /** Keeps JSON data in this file's summary for the rule's `project` hook (cross-file rules). */
  record(data: unknown): void;
}

export type Visitor = (node: Node) => void;
export type Visitors = Record<string, Visitor>;

/** A finding reported from the project phase, located by path and span in that file. */
export interface ProjectReport<M extends string> {
  path: string;
  location: Location;
  messageId: M;
  data?: Record<string, string | number>;
}

export interface ProjectContext<O, M extends string> {
  readonly options: O;
  readonly index: ProjectIndex;
  /** Everything this rule recorded, per file, in path order. */
  records(): ReadonlyArray<{ path: string; module: string; data: unknown }>;
  report(report: ProjectReport<M>): void;
}

// `z.ZodType<O, any>`: options schemas have defaults, so their input type differs from O.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type OptionsSchema<O> = z.ZodType<O, any>;

export interface RuleDefinition<O, M extends string> {
  code: string;
  name: string;
  agent: Agent;
  severity: Severity;
  /** Off-by-default rules run only when selected explicitly (by full code or name). */
  enabledByDefault: boolean;
  docs: RuleDocs;
  options: OptionsSchema<O>;
  messages: Record<M, string>;
  /** Whether the rule can offer fixes, and the most permissive applicability they carry. */
  fixable?: Applicability;
  /** How the rule treats test code; 'report' unless said otherwise. */
  testCode?: TestCodePolicy;
  /** How often a finding is right (SARIF `precision`); 'high' unless said otherwise. */
  precision?: 'very-high' | 'high' | 'medium' | 'low';
  /** Security rules: the CWE ids they detect and a CVSS-like score, for code-scanning UIs. */
  security?: { cwe: number[]; severity: number };
  /**
   * Node types this rule needs only where their text holds a match of a pattern, such as
   * `{ string: /:\/\// }` for a rule about URLs. The rule's visitor for that type then sees only
   * the nodes that contain a match, and when no other rule needs every node of the type the
   * engine finds them from the matches in the text instead of capturing them all: a text scan
   * instead of tens of thousands of tree nodes. Only for enter visitors.
   */
  textTriggers?: Readonly<Record<string, RegExp>>;
  /**
   * The calls this rule's `call` visitor needs, by the last name of their callee: `load` for
   * `torch.load(...)`, `T.load(...)` and `from torch import load as tl; tl(...)`; `*Process` for any
   * name ending so. The engine then hands the visitor only those calls, so a rule about one API
   * costs nothing on the other calls of a file.
   */
  callees?: readonly string[];
  create(ctx: RuleContext<O, M>): Visitors;
  /** Runs once after every file has been summarised, for cross-file rules. */
  project?(ctx: ProjectContext<O, M>): void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = RuleDefinition<any, string>;

export function defineRule<O, M extends string>(rule: RuleDefinition<O, M>): RuleDefinition<O, M> {
  return rule;
}

/** Renders a message template: `{{name}}` placeholders are replaced by `data` values. */
export function renderMessage(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    data && key in data ? String(data[key]) : whole,
  );
}

export function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** A regular-expression option: validated when the configuration is read, compiled once. */
export function patternOption(defaultPattern: string, description: string) {
  return z
    .string()
    .refine(isValidRegex, { message: 'must be a valid regular expression' })
    .default(defaultPattern)
    .describe(description);
}

const compiled = new Map<string, RegExp>();
/** The compiled form of a pattern option (cached: rules are created once per file). */
export function regex(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) compiled.set(pattern, (re = new RegExp(pattern)));
  return re;
}

/** Parameters (and never-assigned attributes) with these names are taken to be queues. */
export const queueNamePatternOption = patternOption(
  '^(?:q|queue|\\w+_q|\\w+_queue|q_\\w+|queue_\\w+)$',
  'names of parameters taken to be queues when nothing else says what they are',
);
