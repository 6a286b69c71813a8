import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule, isValidRegex } from '../../src/rule.js';

/** Stands in for each character of an f-string interpolation: text filled in at run time. */
const DYNAMIC = '\u0001';
/** Stands in for quotes, prefixes and escape sequences: never part of a URL. */
const BREAK = ' ';

/**
 * `scheme://user:password@host` in literal text. The scheme and user may be (partly) dynamic;
 * the user stops at `:`/`@`/`/` so `user@host:port` and `host:port/path` never match, and `[`
 * keeps IPv6 hosts out. The password runs to the `@` (it may itself hold `:`).
 */
const URL_WITH_PASSWORD =
  /(?<![A-Za-z0-9+.\-\u0001])([A-Za-z\u0001][A-Za-z0-9+.\-\u0001]*):\/\/([^\s:/?#@[\]]*):([^\s/?#@]+)@([^\s/?#@]*)/g;

const DEFAULT_PLACEHOLDERS = [
  '\\{[^{}]*\\}', // {password}, {}, {0}, {cfg.pw!r}
  '\\{\\{[^{}]*\\}\\}', // {{ password }} (Jinja)
  '<[^<>]*>', // <password>
  '\\$\\{[^{}]*\\}', // ${PGPASSWORD}
  '\\$\\w+', // $PASS (string.Template)
  '%(?:\\([^)]*\\))?[a-z]', // %s, %(pw)s
  '\\*+', // ***
  'x+', // xxx, XXX
  '\\.{3,}|…', // ...
  // the word itself, or with punctuation after it (`password!@#`, `pass]123`): test data for maskers
  '(?:password|passwd|pass|pwd)(?:[^A-Za-z0-9\\s][^A-Za-z\\s]*)?',
];

/**
 * The string's literal text, the same length as its source so offsets carry over: quotes, prefixes
 * and escape sequences become BREAK, interpolations become DYNAMIC. Looks only at the string's
 * children and the escape sequences directly inside its content nodes.
 */
function literalText(node: Node, source: string): string {
  // Split by UTF-16 code unit, the unit of the node's offsets.
  const chars = source.slice(node.startIndex, node.endIndex).split('');
  const fill = (from: Node, char: string): void => {
    for (let i = from.startIndex - node.startIndex; i < from.endIndex - node.startIndex; i++) chars[i] = char;
  };
  for (const child of node.children) {
    if (!child) continue;
    switch (child.type) {
      case 'interpolation':
        fill(child, DYNAMIC);
        break;
      case 'string_content':
        for (const part of child.namedChildren) if (part?.type === 'escape_sequence') fill(part, BREAK);
        break;
      default:
        fill(child, BREAK);
    }
  }
  return chars.join('');
}

export default defineRule({
  code: 'PTL303',
  name: 'credentials-in-url',
  agent: 'python-security-reviewer',
  severity: 'error',
  enabledByDefault: true,
  security: { cwe: [798], severity: 7.5 },
  testCode: 'ignore',
  docs: {
    summary: 'A string literal holds a URL with a password in it (`rtsp://admin:secret@10.0.0.5/stream`) (CWE-798).',
    why:
      'Camera streams, feature databases, brokers and caches are reached through URLs, and the quick way to get a ' +
      'pipeline running is to paste the password into one. From then on the password is in every clone, fork, CI log ' +
      'and notebook export of the repository, and in its history after it is "removed"; IP-camera and database ' +
      'credentials leaked this way are rarely rotated, because the devices are shared by several teams. Build the URL ' +
      'at run time from the environment or a secret store. Placeholders (`{password}`, `<password>`, `${PGPASSWORD}`, ' +
      '`%s`, `***`, the word `password`, alone or followed by punctuation) and f-string interpolations are not ' +
      'reported; the placeholder patterns are the `placeholders` option. Not reported in test code, where URLs with ' +
      'dummy passwords are the input of the code that parses or masks them.',
    bad: 'import cv2\n\ncap = cv2.VideoCapture("rtsp://admin:Hik12345@192.168.1.64:554/Streaming/Channels/101")\n',
    good:
      'import os\n\nimport cv2\n\n' +
      'cap = cv2.VideoCapture(f"rtsp://{os.environ[\'CAM_USER\']}:{os.environ[\'CAM_PASSWORD\']}@192.168.1.64:554/Streaming/Channels/101")\n',
  },
  options: z
    .object({
      placeholders: z
        .array(z.string().refine(isValidRegex, { message: 'not a valid regular expression' }))
        .default(DEFAULT_PLACEHOLDERS)
        .describe('regular expressions for passwords that are placeholders, matched against the whole password, ignoring case'),
    })
    .strict(),
  messages: {
    password:
      'URL `{{scheme}}://{{user}}:***@{{host}}` holds a password in source; read it from the environment or a secret store',
  },
  textTriggers: { string: /:\/\// },
  create(ctx) {
    const placeholders = ctx.options.placeholders.map((source) => new RegExp(`^(?:${source})$`, 'i'));
    const source = ctx.file.source;
    return {
      string(node) {
        const raw = source.slice(node.startIndex, node.endIndex);
        if (!raw.includes('://') || !raw.includes('@')) return;
        const text = literalText(node, source);
        for (const match of text.matchAll(URL_WITH_PASSWORD)) {
          const password = match[3]!;
          // Filled in at run time, wholly or in part.
          if (password.includes(DYNAMIC)) continue;
          if (placeholders.some((p) => p.test(password))) continue;
          const start = node.startIndex + match.index;
          const end = start + match[0].length;
          const schemeEnd = start + match[1]!.length;
          const userStart = schemeEnd + 3;
          const userEnd = userStart + match[2]!.length;
          const hostStart = end - match[4]!.length;
          ctx.report({
            span: { start, end },
            messageId: 'password',
            data: {
              scheme: source.slice(start, schemeEnd),
              user: source.slice(userStart, userEnd),
              host: source.slice(hostStart, end),
            },
          });
        }
      },
    };
  },
});
