import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../src/rule.js';
import type { Container } from '../../src/engine/traverse.js';
import { argument, hasSplat, stringValue } from '../../src/engine/model.js';

const LISTENER = 'multiprocessing.connection.Listener';
const CLIENT = 'multiprocessing.connection.Client';
const MANAGERS: ReadonlySet<string> = new Set(
  ['BaseManager', 'SyncManager', 'SharedMemoryManager'].map((name) => `multiprocessing.managers.${name}`),
);
/** The last names of the constructors, for a cheap test before any name is resolved. */
const CONSTRUCTOR_NAMES: ReadonlySet<string> = new Set(['Listener', 'Client', 'BaseManager', 'SyncManager', 'SharedMemoryManager']);
const CURRENT_PROCESS: ReadonlySet<string> = new Set(
  ['multiprocessing', 'multiprocessing.process', 'torch.multiprocessing'].map((m) => `${m}.current_process`),
);

/**
 * Where a `multiprocessing.connection` address can be reached from: every interface (`""`,
 * `"0.0.0.0"`, `"::"`), one named host that is not loopback, loopback, a local path (AF_UNIX,
 * AF_PIPE, the default address), or nothing says (a host passed in).
 */
type Reach = { kind: 'wildcard' | 'host' | 'loopback' | 'local' | 'unknown'; host?: string };

/** Reaches from the most exposed to the least, for an address that depends on a condition. */
const EXPOSURE: ReadonlyArray<Reach['kind']> = ['wildcard', 'host', 'unknown', 'loopback', 'local'];

/** What the `authkey` argument is: not given, `None`, empty (both mean no handshake for a Listener), a literal, or anything else. */
type Key = { kind: 'absent' | 'none' | 'empty' | 'other' } | { kind: 'literal'; text: string };

/** Positions of `address`, `family` and `authkey` in each constructor's signature. */
const SIGNATURES = {
  listener: { family: 1, authkey: 3 },
  client: { family: 1, authkey: 2 },
  manager: { family: undefined, authkey: 1 },
} as const;
type Role = keyof typeof SIGNATURES;

function hostReach(host: string): Reach {
  const h = host.trim().toLowerCase();
  if (h === '' || h === '0.0.0.0' || h === '::' || h === '*') return { kind: 'wildcard', host };
  if (h === 'localhost' || h === 'ip6-localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '0:0:0:0:0:0:0:1') return { kind: 'loopback', host };
  return { kind: 'host', host };
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 37)}...` : flat;
}

export default defineRule({
  code: 'PTL306',
  name: 'insecure-ipc-listener',
  agent: 'python-security-reviewer',
  severity: 'error',
  enabledByDefault: true,
  precision: 'high',
  security: { cwe: [306, 798], severity: 8.1 },
  testCode: 'ignore',
  docs: {
    summary:
      '`multiprocessing.connection.Listener` / `Client` and `multiprocessing.managers` servers reachable from the network ' +
      'without an `authkey`, or with a hard-coded one: they unpickle what they receive (CWE-306, CWE-798).',
    why:
      'A `multiprocessing.connection` channel sends pickles: `conn.recv()` and every manager request unpickle what the ' +
      'peer sent, so whoever completes the connection runs code in the process. The only gate is the HMAC handshake ' +
      'keyed by `authkey`. A `Listener` or `Client` without an `authkey` (or with `None` or `b""`) does no handshake at ' +
      'all — on `("0.0.0.0", port)`, `("", port)` or a LAN address that is remote code execution for anyone who reaches ' +
      'the port (CWE-306). A key written in the code (`authkey=b"secret"`, `"secret".encode()`, a module constant, ' +
      '`current_process().authkey = b"..."`) is known to everyone who can read the repository or the wheel (CWE-798), ' +
      'on loopback as much as on the network: any local user or container sharing the host can then pass the handshake. ' +
      'Bind `127.0.0.1` or an AF_UNIX path, and take the key from the environment, a secrets store, `os.urandom(32)` or ' +
      '`secrets.token_bytes(32)` handed to the peers. Not reported: loopback and AF_UNIX channels with such a key, ' +
      '`Pipe()`, a host passed in as a parameter (nothing proves it is exposed), and a manager without `authkey` (it ' +
      'then uses the process\'s random key). Subclasses of `BaseManager` defined in the file are followed. Not reported ' +
      'in test code: a test\'s listener lives for the test, and its key is a fixture, not a secret.',
    bad:
      'from multiprocessing.connection import Listener\n\n' +
      'listener = Listener(("0.0.0.0", 6000))\nconn = listener.accept()\ntask = conn.recv()\n',
    good:
      'import os\nfrom multiprocessing.connection import Listener\n\n' +
      'listener = Listener(("127.0.0.1", 6000), authkey=os.environb[b"WORKER_AUTHKEY"])\nconn = listener.accept()\ntask = conn.recv_bytes()\n',
  },
  options: z.object({}).strict(),
  messages: {
    noAuth:
      '`{{callee}}` listens on {{where}} {{without}}, so there is no handshake (missing authentication, CWE-306): anyone who reaches the port connects, and what they send is unpickled — remote code execution; bind `127.0.0.1` or an AF_UNIX path and pass an `authkey` from the environment or `secrets.token_bytes(32)`',
    noAuthClient:
      '`{{callee}}` connects to {{where}} {{without}}, so there is no handshake (missing authentication, CWE-306): whoever answers at that address is trusted, and its replies are unpickled; pass an `authkey` from the environment that the server checks too',
    hardcodedKey:
      '`{{callee}}` uses a hard-coded `authkey` (`{{key}}`){{where}} (hard-coded credential, CWE-798): anyone who can read the code passes the handshake on either end, and what is then sent is unpickled — code execution; read the key from the environment or a secrets store, or generate it with `secrets.token_bytes(32)`',
    processKey:
      '`{{target}}` is set to a hard-coded key (`{{key}}`) (hard-coded credential, CWE-798): every manager of the process (and of the children it starts) then authenticates with a key anyone who reads the code knows, and what they send is unpickled; read it from the environment or a secrets store',
  },
  textTriggers: { assignment: /\bauthkey\b/ },
  create(ctx) {
    let managerSubclasses: ReadonlySet<string> | undefined;
    /** Last names of this file's classes that derive from a manager class (`class QueueManager(BaseManager)`). */
    function localManagerNames(): ReadonlySet<string> {
      managerSubclasses ??= new Set(ctx.model.classes.filter((c) => ctx.model.inheritsFrom(c.qname, MANAGERS)).map((c) => c.name));
      return managerSubclasses;
    }

    function roleOf(callee: string): Role | null {
      if (callee === LISTENER) return 'listener';
      if (callee === CLIENT) return 'client';
      if (MANAGERS.has(callee)) return 'manager';
      if (ctx.model.classByQname(callee) && ctx.model.inheritsFrom(callee, MANAGERS)) return 'manager';
      return null;
    }

    /** The value a plain name was given before `at`, when it is a name of this file's (a module constant, a local). */
    function valueOf(node: Node, ancestors: readonly Container[]): Node | null {
      return node.type === 'identifier' ? ctx.model.valueBefore(node, ancestors, node.startIndex) : null;
    }

    function reachOf(address: Node | null, family: Node | null, ancestors: readonly Container[], depth = 0): Reach {
      const familyName = family ? (stringValue(family, true) ?? family.text) : '';
      if (/AF_UNIX|AF_PIPE/.test(familyName)) return { kind: 'local' };
      if (!address || address.type === 'none') return { kind: 'local' }; // the default: an AF_UNIX path (a named pipe on Windows)
      if (depth > 4) return { kind: 'unknown' };
      if (stringValue(address, true) !== null) return { kind: 'local' }; // a socket path or a pipe name
      if (address.type === 'parenthesized_expression') {
        const inner = address.namedChildren.find((c) => c !== null && c.type !== 'comment');
        return inner ? reachOf(inner, family, ancestors, depth + 1) : { kind: 'unknown' };
      }
      if (address.type === 'tuple' || address.type === 'list') {
        const host = address.namedChildren.find((c) => c !== null && c.type !== 'comment');
        return host ? hostOf(host, ancestors, depth + 1) : { kind: 'unknown' };
      }
      const value = valueOf(address, ancestors);
      return value ? reachOf(value, family, ancestors, depth + 1) : { kind: 'unknown' };
    }

    /** The reach of a host expression: a literal, a name holding one, or `"0.0.0.0" if public else "127.0.0.1"` (its most exposed branch). */
    function hostOf(host: Node, ancestors: readonly Container[], depth: number): Reach {
      if (depth > 6) return { kind: 'unknown' };
      const literal = stringValue(host, true);
      if (literal !== null) return hostReach(literal);
      if (host.type === 'conditional_expression') {
        const branches = host.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
        // consequence `if` condition `else` alternative: the condition says nothing of the host.
        const reaches = [branches[0], branches[2]].map((b) => (b ? hostOf(b, ancestors, depth + 1) : { kind: 'unknown' as const }));
        return EXPOSURE.map((kind) => reaches.find((r) => r.kind === kind)).find((r) => r !== undefined) ?? { kind: 'unknown' };
      }
      const value = valueOf(host, ancestors);
      return value ? hostOf(value, ancestors, depth + 1) : { kind: 'unknown' };
    }

    function keyOf(key: Node | null, ancestors: readonly Container[], depth = 0): Key {
      if (!key) return { kind: 'absent' };
      if (key.type === 'none') return { kind: 'none' };
      if (depth > 4) return { kind: 'other' };
      const literal = stringValue(key, true);
      if (literal !== null) return literal === '' ? { kind: 'empty' } : { kind: 'literal', text: key.text };
      if (key.type === 'parenthesized_expression') {
        const inner = key.namedChildren.find((c) => c !== null && c.type !== 'comment');
        return inner ? keyOf(inner, ancestors, depth + 1) : { kind: 'other' };
      }
      if (key.type === 'call') {
        const fn = key.childForFieldName('function');
        const first = key.childForFieldName('arguments')?.namedChildren.find((c) => c !== null && c.type !== 'comment') ?? null;
        // `"secret".encode()`, `b"ab".hex().encode()`…: a literal spelled another way.
        if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'encode') {
          const object = fn.childForFieldName('object');
          const inner = object ? keyOf(object, ancestors, depth + 1) : { kind: 'other' as const };
          return inner.kind === 'literal' ? { kind: 'literal', text: key.text } : inner.kind === 'empty' ? inner : { kind: 'other' };
        }
        // `bytes("secret", "utf-8")`, `bytes.fromhex("ab12")`
        const callee = ctx.model.calleeName(key, ancestors);
        if ((callee === 'bytes' || callee === 'bytes.fromhex' || callee === 'bytearray') && first && first.type !== 'keyword_argument') {
          const inner = keyOf(first, ancestors, depth + 1);
          return inner.kind === 'literal' ? { kind: 'literal', text: key.text } : inner.kind === 'empty' ? inner : { kind: 'other' };
        }
        return { kind: 'other' };
      }
      const value = valueOf(key, ancestors);
      if (!value) return { kind: 'other' };
      const inner = keyOf(value, ancestors, depth + 1);
      return inner.kind === 'literal' ? { kind: 'literal', text: `${key.text} = ${inner.text}` } : inner;
    }

    function describe(reach: Reach): string {
      if (reach.kind === 'wildcard') return `every interface (\`${JSON.stringify(reach.host ?? '')}\`)`;
      return `\`${JSON.stringify(reach.host ?? '')}\``;
    }

    function withoutKey(key: Key): string {
      if (key.kind === 'none') return 'with `authkey=None`';
      if (key.kind === 'empty') return 'with an empty `authkey`';
      return 'without an `authkey`';
    }

    return {
      call(node) {
        const names = ctx.model.calleeLastNames(node);
        if (!names.some((n) => CONSTRUCTOR_NAMES.has(n) || localManagerNames().has(n))) return;
        const callee = ctx.model.calleeName(node, ctx.ancestors);
        const role = callee ? roleOf(callee) : null;
        if (!role) return;
        const signature = SIGNATURES[role];
        const written = (ctx.model.calleeParts(node) ?? [callee!.slice(callee!.lastIndexOf('.') + 1)]).join('.');
        const keyNode = argument(node, 'authkey', signature.authkey);
        const key: Key = !keyNode && hasSplat(node) ? { kind: 'other' } : keyOf(keyNode, ctx.ancestors);
        const family = signature.family === undefined ? null : argument(node, 'family', signature.family);
        const address = argument(node, 'address', 0);
        const reach: Reach = !address && hasSplat(node) ? { kind: 'unknown' } : reachOf(address, family, ctx.ancestors);

        if (key.kind === 'literal' || (role === 'manager' && key.kind === 'empty')) {
          const where =
            reach.kind === 'wildcard' || reach.kind === 'host'
              ? ` and ${role === 'client' ? 'connects to' : 'listens on'} ${describe(reach)}`
              : '';
          ctx.report({ node, messageId: 'hardcodedKey', data: { callee: written, key: shorten(key.kind === 'literal' ? key.text : keyNode?.text ?? ''), where } });
          return;
        }
        // A manager without a key uses the process's (random) authkey; only the connection API skips the handshake.
        if (role === 'manager' || (key.kind !== 'absent' && key.kind !== 'none' && key.kind !== 'empty')) return;
        if (role === 'listener' && (reach.kind === 'wildcard' || reach.kind === 'host')) {
          ctx.report({ node, messageId: 'noAuth', data: { callee: written, where: describe(reach), without: withoutKey(key) } });
        } else if (role === 'client' && reach.kind === 'host') {
          // `Client(("", port))` / `("0.0.0.0", port)` connects to this machine: the listener is the exposed end.
          ctx.report({ node, messageId: 'noAuthClient', data: { callee: written, where: describe(reach), without: withoutKey(key) } });
        }
      },
      assignment(node) {
        // `multiprocessing.current_process().authkey = b"secret"`
        const left = node.childForFieldName('left');
        if (left?.type !== 'attribute' || left.childForFieldName('attribute')?.text !== 'authkey') return;
        const object = left.childForFieldName('object');
        if (object?.type !== 'call' || !CURRENT_PROCESS.has(ctx.model.calleeName(object, ctx.ancestors) ?? '')) return;
        let right = node.childForFieldName('right');
        while (right?.type === 'assignment') right = right.childForFieldName('right');
        const key = keyOf(right, ctx.ancestors);
        if (key.kind !== 'literal' && key.kind !== 'empty') return;
        ctx.report({ node, messageId: 'processKey', data: { target: left.text.replace(/\s+/g, ''), key: shorten(key.kind === 'literal' ? key.text : right!.text) } });
      },
    };
  },
});
