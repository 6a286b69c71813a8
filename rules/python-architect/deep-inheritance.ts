import { z } from 'zod';
import { defineRule } from '../../src/rule.js';
import type { ProjectIndex } from '../../src/engine/project.js';

/** Hierarchies that are meant to be deep, or that are typing constructs rather than behaviour. */
const EXEMPT_ROOTS = new Set([
  'BaseException',
  'Exception',
  'builtins.BaseException',
  'builtins.Exception',
  'typing.Protocol',
  'typing_extensions.Protocol',
  'typing.TypedDict',
  'typing_extensions.TypedDict',
  'typing.NamedTuple',
  'typing_extensions.NamedTuple',
  'enum.Enum',
  'enum.IntEnum',
  'enum.StrEnum',
  'enum.Flag',
  'enum.IntFlag',
]);
const BUILTIN_EXCEPTION = /^(?:builtins\.)?[A-Z]\w*(?:Error|Exception|Warning)$/;

function isExempt(index: ProjectIndex, qname: string): boolean {
  return index.ancestors(qname).some((a) => EXEMPT_ROOTS.has(a) || (BUILTIN_EXCEPTION.test(a) && !index.classByQname(a)));
}

/** Depth of the chain of project classes ending at `qname` (itself included), and that chain. */
function chains(index: ProjectIndex): (qname: string) => string[] {
  const memo = new Map<string, string[]>();
  return (start) => {
    // Iterative post-order over project bases; a class on the stack twice is a cycle and counts once.
    const stack: Array<{ q: string; expanded: boolean }> = [{ q: start, expanded: false }];
    const onStack = new Set<string>();
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (memo.has(top.q)) {
        stack.pop();
        continue;
      }
      const cls = index.classByQname(top.q);
      const bases = (cls?.bases ?? []).map((b) => index.canonical(b)).filter((b) => index.classByQname(b));
      if (!top.expanded) {
        top.expanded = true;
        onStack.add(top.q);
        for (const b of bases) if (!memo.has(b) && !onStack.has(b)) stack.push({ q: b, expanded: false });
        continue;
      }
      stack.pop();
      onStack.delete(top.q);
      let longest: string[] = [];
      for (const b of bases) {
        const chain = memo.get(b) ?? [];
        if (chain.length > longest.length) longest = chain;
      }
      memo.set(top.q, [cls?.name ?? top.q, ...longest]);
    }
    return memo.get(start) ?? [];
  };
}

export default defineRule({
  code: 'PTL201',
  name: 'deep-inheritance',
  agent: 'python-architect',
  severity: 'warning',
  enabledByDefault: true,
  testCode: 'ignore',
  docs: {
    summary: 'A class inherits through more project classes than `max-depth`.',
    why:
      'Every level of a project hierarchy couples a class to all the code above it: a change to a base ' +
      'message or stage class ripples into every subclass, and readers must open each file up the chain to ' +
      'know what an object does. The guide prefers composition and `typing.Protocol` interfaces: stages ' +
      'depend on the shape they need, not on a family tree. Exception hierarchies, Protocols, TypedDicts, ' +
      'NamedTuples and Enums are exempt. Not reported in test code: a test double inherits the depth of the ' +
      'class it stands in for, which is reported where it is defined.',
    bad:
      'class BaseMessage:\n    ts: float\n\nclass Frame(BaseMessage):\n    image: bytes\n\n' +
      'class Detection(Frame):\n    boxes: list\n',
    good:
      'from dataclasses import dataclass\n\n@dataclass\nclass Frame:\n    ts: float\n    image: bytes\n\n' +
      '@dataclass\nclass Detection:\n    frame: Frame\n    boxes: list\n',
  },
  options: z
    .object({
      'max-depth': z.number().int().min(1).default(2).describe('how many project classes a chain may hold, the class itself included'),
    })
    .strict(),
  messages: {
    tooDeep:
      '`{{name}}` is {{depth}} project classes deep ({{chain}}), more than max-depth {{max}}: compose the parts and type against a `Protocol` instead of inheriting',
  },
  create() {
    return {};
  },
  project(ctx) {
    const max = ctx.options['max-depth'];
    const chainOf = chains(ctx.index);
    for (const cls of ctx.index.allClasses()) {
      const chain = chainOf(cls.qname);
      if (chain.length <= max || isExempt(ctx.index, cls.qname)) continue;
      ctx.report({
        path: cls.path,
        location: cls.location,
        messageId: 'tooDeep',
        data: { name: cls.name, depth: chain.length, chain: chain.join(' → '), max },
      });
    }
  },
});
