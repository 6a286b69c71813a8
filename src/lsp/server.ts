/**
 * The language server: diagnostics for the open Python files as they are edited, their fixes and
 * noqa suppressions as code actions, and the rule's documentation on hover.
 *
 * A file is linted when it is opened, shortly after the edits stop (`DEBOUNCE_MS`, from the
 * unsaved text) and when any file is saved; every other open buffer's unsaved text is what
 * cross-file rules see of that file. Lints run one at a time, in the order asked, and a result
 * for a text the buffer no longer holds is never published. A save, new settings and a change to
 * a watched configuration or source file on disk set the projects up again and re-lint every open
 * file. Bad configuration or settings is one `window/showMessage` error naming the key (again only
 * if it is mended and then broken anew); the files it governs show no diagnostics meanwhile, and
 * the server goes on serving.
 * Nothing is written but the content cache: edits reach files only through the client.
 */
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import type { Finding } from '../engine/lint.js';
import { fixSource } from '../engine/fix.js';
import { isNotebookPath } from '../engine/source.js';
import { UsageError } from '../cli/errors.js';
import type { AnyRule } from '../rule.js';
import { FIX_ALL, codeActions, type LintedText } from './actions.js';
import { diagnosticOf, hoverAt } from './diagnostics.js';
import { Positions, applyChanges, negotiateEncoding, type Encoding } from './positions.js';
import { Projects, type Linted } from './projects.js';
import { SECTION, parseSettings, sectionOf } from './settings.js';

/** How long after the last keystroke a buffer is linted. */
const DEBOUNCE_MS = 200;

/** The files whose change on disk can change findings: configuration, ignore files and sources. */
const WATCHED = ['**/pyproject.toml', '**/pyteam-lint.toml', '**/.pyteam-lint.toml', '**/.gitignore', '**/.ignore', '**/*.py', '**/*.pyi', '**/*.ipynb'];

export interface ServerOptions {
  rules: readonly AnyRule[];
  version: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** A linted version of a document, with its fix-all text once asked for. */
type LintedVersion = LintedText & { fixAll?: Promise<string> };

interface OpenDocument {
  uri: string;
  /** The file it is, or null for a buffer that is no file (`untitled:`) or not Python. */
  abs: string | null;
  version: number;
  text: string;
  /** The lint of the latest version that finished. */
  linted?: LintedVersion;
  /** Why it was last not linted (said once, not on every keystroke). */
  skipped?: string;
}

const PYTHON = /\.(?:pyi?|ipynb)$/;

function pythonFile(uri: string, languageId: string): string | null {
  if (!uri.startsWith('file:')) return null;
  const abs = fileURLToPath(uri);
  return PYTHON.test(abs) || languageId === 'python' ? abs : null;
}

export function startServer(connection: Connection, options: ServerOptions): { readonly shutDown: boolean } {
  const { rules } = options;
  const byCode = new Map(rules.map((r) => [r.code, r]));
  const docs = new Map<string, OpenDocument>();
  const timers = new Map<string, NodeJS.Timeout>();
  /**
   * Configuration errors met since the projects were last set up, and those met in the setup
   * before: an error is shown once, and again only after a setup in which it did not recur.
   */
  let errorsMet = new Set<string>();
  let errorsBefore = new Set<string>();
  const projects = new Projects({ rules, env: options.env, cwd: options.cwd, warn: (m) => connection.console.warn(m) });
  let encoding: Encoding = 'utf-16';
  let versioned = false;
  let pullSettings = false;
  let watchFiles = false;
  let registerSettings = false;
  let shuttingDown = false;

  const internalError = (error: unknown): undefined => {
    connection.console.error(`internal error: ${error instanceof Error ? error.message : String(error)}. This is a bug in pyteam-lint; please report it.`);
    return undefined;
  };
  /**
   * Sends without waiting. A failure is the client's answer (it refused a registration or the
   * configuration request) or its absence (it went away, and our input's end ends the process):
   * nothing to do about either, and never a crash.
   */
  const send = (sent: Promise<unknown>): void => void sent.catch(() => undefined);
  const showError = (message: string): void => send(connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message: `pyteam-lint: ${message}` }));

  let tail: Promise<unknown> = Promise.resolve();
  /** Runs lints one at a time, in the order asked; a failure is logged, never a crash. */
  const enqueue = <T>(work: () => Promise<T>): Promise<T | undefined> => {
    const run = tail.then(work).catch(internalError);
    tail = run;
    return run;
  };

  /** Every open buffer's text by file, with `text` for `abs`: what the engine reads instead of those files. */
  const textsWith = (abs: string, text: string): Map<string, string> => {
    const texts = new Map<string, string>();
    for (const d of docs.values()) if (d.abs) texts.set(d.abs, d.text);
    return texts.set(abs, text);
  };

  const lint = async (abs: string, text: string): Promise<Linted> => {
    const linted = await projects.lint(abs, textsWith(abs, text));
    if ('error' in linted && !errorsMet.has(linted.error)) {
      if (!errorsBefore.has(linted.error)) showError(linted.error);
      errorsMet.add(linted.error);
    }
    return linted;
  };

  /** Sets the projects up again (configuration, ignore files, the file list), then lints every open file. */
  const setUp = (delay = 0): void => {
    projects.reset();
    errorsBefore = errorsMet;
    errorsMet = new Set();
    for (const uri of docs.keys()) schedule(uri, delay);
  };

  /** Lints a document's current text and publishes the result, unless the buffer moved on meanwhile. */
  const refresh = async (uri: string): Promise<void> => {
    const doc = docs.get(uri);
    if (!doc || shuttingDown) return;
    const { version, text, abs } = doc;
    let findings: Finding[] = [];
    if (abs) {
      const linted = await lint(abs, text);
      if (docs.get(uri) !== doc || doc.version !== version) return; // its own lint is scheduled
      if ('findings' in linted) {
        findings = linted.findings;
        for (const e of linted.errors) connection.console.error(`${e.path}: ${e.message}`);
      }
      const skipped = 'skipped' in linted ? linted.skipped : undefined;
      if (skipped && skipped !== doc.skipped) connection.console.info(`${abs}: not linted: ${skipped}`);
      doc.skipped = skipped;
    }
    const at = new Positions(text, encoding);
    doc.linted = { uri, version, at, findings };
    send(connection.sendDiagnostics({ uri, version, diagnostics: findings.map((f) => diagnosticOf(f, at)) }));
  };

  const schedule = (uri: string, delay: number): void => {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void enqueue(() => refresh(uri));
      }, delay),
    );
  };

  /** The lint of the document's current version, linting it first when the latest is older. */
  const current = async (uri: string): Promise<LintedVersion | undefined> => {
    const doc = docs.get(uri);
    if (!doc) return undefined;
    if (doc.linted?.version !== doc.version) {
      clearTimeout(timers.get(uri));
      timers.delete(uri);
      await enqueue(() => refresh(uri));
    }
    return doc.linted?.version === doc.version ? doc.linted : undefined;
  };

  /** New settings (validated; bad ones are shown and the defaults used), then every open file again. */
  const applySettings = (value: unknown): void => {
    try {
      projects.configure(parseSettings(value, rules));
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      showError(error.message);
      projects.configure({});
    }
    setUp();
  };

  const pull = async (): Promise<void> => {
    const section = sectionOf(await connection.workspace.getConfiguration(SECTION));
    if (section !== undefined) applySettings(section);
  };

  connection.onInitialize((params): InitializeResult => {
    const { capabilities } = params;
    encoding = negotiateEncoding(capabilities.general?.positionEncodings);
    versioned = capabilities.workspace?.workspaceEdit?.documentChanges === true;
    pullSettings = capabilities.workspace?.configuration === true;
    registerSettings = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    watchFiles = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const initial = sectionOf(params.initializationOptions);
    if (initial !== undefined) applySettings(initial);
    return {
      capabilities: {
        positionEncoding: encoding,
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL] },
        hoverProvider: true,
      },
      serverInfo: { name: 'pyteam-lint', version: options.version },
    };
  });

  connection.onInitialized(() => {
    if (watchFiles) send(connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED.map((globPattern) => ({ globPattern })) }));
    if (registerSettings) send(connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION }));
    if (pullSettings) send(pull());
  });

  connection.onDidChangeConfiguration((params) => {
    const section = sectionOf(params.settings);
    if (section !== undefined) applySettings(section);
    else if (pullSettings) send(pull());
  });

  connection.onDidChangeWatchedFiles(() => setUp(DEBOUNCE_MS));

  connection.onDidOpenTextDocument(({ textDocument: { uri, languageId, version, text } }) => {
    docs.set(uri, { uri, abs: pythonFile(uri, languageId), version, text });
    schedule(uri, 0);
  });

  connection.onDidChangeTextDocument(({ textDocument: { uri, version }, contentChanges }) => {
    const doc = docs.get(uri);
    if (!doc) return;
    doc.text = applyChanges(doc.text, contentChanges, encoding);
    doc.version = version;
    schedule(uri, DEBOUNCE_MS);
  });

  // A save is when the user's other edits (configuration included, in an editor that does not
  // watch files) meet the disk: read it all again.
  connection.onDidSaveTextDocument(() => setUp());

  connection.onDidCloseTextDocument(({ textDocument: { uri } }) => {
    docs.delete(uri);
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    send(connection.sendDiagnostics({ uri, diagnostics: [] }));
  });

  /** The text with every safe fix applied, as `--fix` leaves it: computed once per linted version, in the lint queue. */
  const fixedText = (abs: string, linted: LintedVersion): Promise<string> =>
    (linted.fixAll ??= enqueue(async () => {
      const lintText = async (text: string): Promise<Finding[]> => {
        const r = await lint(abs, text);
        return 'findings' in r ? r.findings : [];
      };
      return (await fixSource(linted.at.text, lintText, { unsafe: false, initial: linted.findings, notebook: isNotebookPath(abs) })).text;
    }).then((text) => text ?? linted.at.text));

  connection.onCodeAction(async ({ textDocument: { uri }, range, context }) => {
    const linted = await current(uri);
    const abs = docs.get(uri)?.abs;
    if (!linted?.findings.length || !abs) return [];
    return codeActions(linted, { range, only: context.only, versioned, fixAll: () => fixedText(abs, linted) });
  });

  connection.onHover(async ({ textDocument: { uri }, position }) => {
    const linted = await current(uri);
    return linted ? hoverAt(position, linted.findings, linted.at, byCode) : null;
  });

  connection.onShutdown(() => {
    shuttingDown = true;
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
  });
  return {
    get shutDown() {
      return shuttingDown;
    },
  };
}
