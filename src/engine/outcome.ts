/**
 * The shape of one file's result (`FileOutcome`), checked on what comes back from the cache before
 * the engine uses it: a damaged or doctored entry is a miss, never a crash deep in the reporting
 * code. Written out by hand rather than with zod: a warm run checks every file's result, and zod
 * (which also copies what it parses) made warm runs 60 % slower; this walks the value in place.
 * Keep it in step with `Finding`, `FileSummary` (its `Suppressions`), `FunctionSummary`, `ChannelSummary` and `NotebookMap`.
 */
import type { FileOutcome } from './analyze.js';

type Check = (v: unknown) => boolean;

const isString: Check = (v) => typeof v === 'string';
const isInt: Check = (v) => Number.isInteger(v);
const isBool: Check = (v) => typeof v === 'boolean';
const isTrue: Check = (v) => v === true;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const arrayOf = (item: Check): Check => (v) => Array.isArray(v) && v.every(item);
const recordOf = (item: Check): Check => (v) => isObject(v) && Object.values(v).every(item);
const nullable = (item: Check): Check => (v) => v === null || item(v);
const oneOf = (...values: readonly unknown[]): Check => (v) => values.includes(v);
const either = (a: Check, b: Check): Check => (v) => a(v) || b(v);

/** An object with these keys (`?` marks an optional one) and no others. */
function shape(fields: Record<string, Check>): Check {
  const required = Object.keys(fields).filter((k) => !k.endsWith('?'));
  const checks: Record<string, Check> = Object.create(null) as Record<string, Check>;
  for (const [k, c] of Object.entries(fields)) checks[k.replace(/\?$/, '')] = c;
  return (v) => {
    if (!isObject(v)) return false;
    for (const k of required) if (v[k] === undefined) return false;
    for (const k in v) {
      const value = v[k];
      if (value === undefined) continue; // an optional key left out (a required one failed above)
      const check = checks[k];
      if (check === undefined || !check(value)) return false;
    }
    return true;
  };
}

const location = { line: isInt, column: isInt, endLine: isInt, endColumn: isInt };
const names = arrayOf(isString);
const queues = arrayOf(either(isInt, isString));
const codes = either(names, oneOf('all'));

const edit = shape({ start: isInt, end: isInt, text: isString });

const fix = shape({
  title: isString,
  applicability: oneOf('safe', 'unsafe'),
  edits: arrayOf(edit),
});

const finding = shape({
  code: isString,
  name: isString,
  agent: isString,
  severity: oneOf('error', 'warning', 'info'),
  path: isString,
  ...location,
  message: isString,
  fix: nullable(fix),
});

const functionSummary = shape({
  'calls?': names,
  'async?': isTrue,
  'generator?': isTrue,
  'sigterm?': isTrue,
  'cuda?': isTrue,
  'evals?': isTrue,
  'loopPuts?': queues,
  'puts?': queues,
});

const lines = (v: unknown): boolean => Array.isArray(v) && v.length === 2 && v.every(isInt);
const slot = either(isInt, isString);
const handed = arrayOf((v) => Array.isArray(v) && v.length === 3 && slot(v[0]) && isString(v[1]) && isString(v[2]));

const channels = shape({
  made: arrayOf(
    shape({
      at: isString,
      scope: isString,
      holders: names,
      kind: oneOf('queue', 'joinable-queue', 'simple-queue', 'manager-queue', 'pipe', 'event', 'shared-memory'),
      via: isString,
      'maxsize?': isString,
      lines,
    }),
  ),
  workers: arrayOf(
    shape({
      at: isString,
      scope: isString,
      'holder?': isString,
      kind: oneOf('process', 'thread', 'pool', 'class'),
      callee: isString,
      'target?': isString,
      args: handed,
      lines,
    }),
  ),
  uses: recordOf(
    shape({
      lines,
      'ops?': arrayOf(
        shape({
          op: oneOf('put', 'get', 'send', 'recv', 'set', 'wait', 'start', 'join', 'terminate', 'kill', 'submit'),
          on: isString,
          text: isString,
          'message?': isString,
          'pill?': isTrue,
          'timeout?': isTrue,
          'target?': isString,
          'args?': handed,
          lines,
        }),
      ),
      'calls?': arrayOf(shape({ callee: isString, args: handed, lines })),
      'params?': names,
      'attrs?': recordOf(isInt),
    }),
  ),
});

const summary = shape({
  path: isString,
  module: isString,
  isPackage: isBool,
  test: isBool,
  aliases: names,
  imports: recordOf(isString),
  classes: arrayOf(shape({ name: isString, qname: isString, bases: names, metaclass: nullable(isString), location: shape(location) })),
  processTargets: names,
  'startMethods?': names,
  functions: recordOf(functionSummary),
  'channels?': channels,
  suppressions: shape({
    lines: recordOf(codes),
    file: nullable(codes),
    directives: arrayOf(
      shape({
        scope: oneOf('line', 'file'),
        line: isInt,
        column: isInt,
        endColumn: isInt,
        start: isInt,
        end: isInt,
        text: isString,
        codes: nullable(names),
        removal: edit,
      }),
    ),
  }),
  records: recordOf(Array.isArray),
});

const notebook = shape({
  cells: arrayOf(
    shape({
      cell: isInt,
      start: isInt,
      end: isInt,
      line: isInt,
      pieces: arrayOf(shape({ start: isInt, end: isInt, raw: isInt, text: isString, fileLine: isInt, fileColumn: isInt })),
      form: oneOf('string', 'array'),
      separator: isString,
    }),
  ),
  lineStarts: (v) => Array.isArray(v) && v.length > 0 && v.every(isInt),
  masked: arrayOf(lines),
});

const outcome = shape({
  findings: arrayOf(finding),
  summary: nullable(summary),
  errors: arrayOf(shape({ path: isString, message: isString, 'internal?': isBool })),
  'notebook?': notebook,
});

/** The outcome when `value` is one, else undefined. */
export function asFileOutcome(value: unknown): FileOutcome | undefined {
  return outcome(value) ? (value as FileOutcome) : undefined;
}
