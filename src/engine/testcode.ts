/**
 * Test code as a context the engine knows. A file is test code when its path under the project
 * root matches one of the `test-paths` patterns (gitignore syntax: `tests/` is a directory of that
 * name anywhere, `test_*.py` a file name anywhere, `src/it/` a path from the root). Each rule says
 * in its metadata how it treats test code (`testCode`), and the `in-tests` rule option overrides
 * that: the engine, not the rule, drops what a rule does not report there.
 */
import ignore from 'ignore';
import type { AnyRule, TestCodePolicy } from '../rule.js';
import type { SemanticModel } from './model.js';
import type { Container } from './traverse.js';

/** pytest's own conventions, plus the directories projects name their suites (`integration-tests/`). */
export const DEFAULT_TEST_PATHS: readonly string[] = [
  'tests/',
  'test/',
  'testing/',
  '*_tests/',
  '*-tests/',
  'test_*.py',
  '*_test.py',
  'conftest.py',
];

/** True for a path (relative to the root, `/`-separated) that the patterns call test code. */
export type TestFileMatcher = (relativeToRoot: string) => boolean;

export function testFileMatcher(patterns: readonly string[]): TestFileMatcher {
  const ig = ignore().add([...patterns]);
  return (rel) => rel !== '' && !rel.startsWith('../') && !rel.startsWith('/') && ig.ignores(rel);
}

export const defaultTestFiles: TestFileMatcher = testFileMatcher(DEFAULT_TEST_PATHS);

export function testCodePolicy(rule: AnyRule): TestCodePolicy {
  return rule.testCode ?? 'report';
}

/**
 * Whether a rule reports in a file: outside test code unless it reports only there; inside test
 * code as its policy says, unless the `in-tests` option said otherwise.
 */
export function reportsIn(rule: AnyRule, inTests: boolean | undefined, isTest: boolean): boolean {
  const policy = testCodePolicy(rule);
  return isTest ? (inTests ?? policy !== 'ignore') : policy !== 'only';
}

/** What `rules` and `explain` say about a policy. */
export function describeTestCodePolicy(policy: TestCodePolicy): string {
  switch (policy) {
    case 'report':
      return 'reported in test code too';
    case 'ignore':
      return 'not reported in test code';
    case 'only':
      return 'reported only in test code';
  }
}

const TIMEOUT_MARK = /\bmark\s*\.\s*timeout\s*\(/;

/**
 * True inside a test that pytest-timeout bounds: a `@pytest.mark.timeout(...)` on the test, its
 * class, or the module's `pytestmark`. A hang there fails the test instead of the CI run.
 */
export function inTimedTest(model: SemanticModel, ancestors: readonly Container[]): boolean {
  if (!model.file.isTest) return false;
  for (const a of ancestors) {
    if ((a.type === 'function_definition' || a.type === 'class_definition') && model.decoratorsOf(a.node).some((d) => TIMEOUT_MARK.test(d))) return true;
  }
  const marks = model.moduleValueText('pytestmark');
  return marks !== null && TIMEOUT_MARK.test(marks);
}
