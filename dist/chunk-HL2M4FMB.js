import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  AGENTS,
  CONTAINER_TYPES,
  LineIndex,
  MODEL_NODE_TYPES,
  ProjectIndex,
  SEVERITIES,
  SemanticModel,
  TEST_CODE_POLICIES,
  argument,
  collectCaptures,
  decodeSource,
  external_exports,
  formatSize,
  fsPath,
  inNotebook,
  isExternalCallee,
  isNodeType,
  isNotebookPath,
  loadPython,
  moduleAliases,
  moduleNameFor,
  parse,
  positionalArguments,
  readLimit,
  readNotebook,
  readRegularFile,
  renderMessage,
  summariseFunctions,
  sweep
} from "./chunk-FJE4V3FT.js";
import {
  __commonJS,
  __toESM
} from "./chunk-LMJK7JYR.js";

// node_modules/ignore/index.js
var require_ignore = __commonJS({
  "node_modules/ignore/index.js"(exports, module) {
    function makeArray(subject) {
      return Array.isArray(subject) ? subject : [subject];
    }
    var UNDEFINED = void 0;
    var EMPTY = "";
    var SPACE = " ";
    var ESCAPE = "\\";
    var REGEX_LITERAL_SPECIAL = /[.*+?()[\]{}^$|\\/]/;
    var BOM = "\uFEFF";
    var REGEX_ANCHORED_GLOBSTAR = /^\/\*{2,}$/;
    var REGEX_REPLACE_LEADING_EXCAPED_EXCLAMATION = /^\\!/;
    var REGEX_REPLACE_LEADING_EXCAPED_HASH = /^\\#/;
    var REGEX_SPLITALL_CRLF = /\r?\n/g;
    var DOUBLE_SLASH = "//";
    var SLASH_CODE = 47;
    var DOT_CODE = 46;
    var SLASH = "/";
    var TMP_KEY_IGNORE = "node-ignore";
    if (typeof Symbol !== "undefined") {
      TMP_KEY_IGNORE = /* @__PURE__ */ Symbol.for("node-ignore");
    }
    var KEY_IGNORE = TMP_KEY_IGNORE;
    var define = (object, key, value) => {
      Object.defineProperty(object, key, { value });
      return value;
    };
    var RETURN_FALSE = () => false;
    var POSIX_CLASSES = {
      alnum: "0-9A-Za-z",
      alpha: "A-Za-z",
      blank: " \\t",
      cntrl: "\\x00-\\x1f\\x7f",
      digit: "0-9",
      graph: "!-.0-~",
      lower: "a-z",
      print: " -.0-~",
      punct: "!-.:-@\\[-`{-~",
      // git's `sane-ctype.h` classifies \v and \f as control, not space,
      //   unlike C's `isspace`
      space: " \\t\\n\\r",
      upper: "A-Z",
      xdigit: "0-9A-Fa-f"
    };
    var CLASS_MEMBERS_TO_ESCAPE = "\\]^-[";
    var escapeMember = (char) => CLASS_MEMBERS_TO_ESCAPE.indexOf(char) < 0 ? char : ESCAPE + char;
    var NON_SLASH = "(?!\\/)";
    var classSource = (negated, body) => {
      if (negated) {
        return `[^\\/${body}]`;
      }
      const source = `[${body}]`;
      return new RegExp(source).test("/") ? NON_SLASH + source : source;
    };
    var scanBracket = (pattern, start) => {
      const { length } = pattern;
      let index = start + 1;
      let negated = EMPTY;
      const lead = pattern[index];
      if (lead === "!" || lead === "^") {
        negated = "^";
        index++;
      }
      let body = EMPTY;
      let prev = EMPTY;
      for (; ; ) {
        const char = pattern[index];
        if (char === UNDEFINED) {
          return null;
        }
        if (char === ESCAPE) {
          const escaped = pattern[++index];
          body += escapeMember(escaped);
          prev = escaped;
        } else if (char === "-" && prev && index + 1 < length && pattern[index + 1] !== "]") {
          index++;
          let to = pattern[index];
          if (to === ESCAPE) {
            to = pattern[index += 1];
          }
          if (prev <= to) {
            body += `-${escapeMember(to)}`;
          }
          prev = EMPTY;
        } else if (char === "[" && pattern[index + 1] === ":") {
          const nameStart = index + 2;
          let end = nameStart;
          while (end < length && pattern[end] !== "]") {
            end++;
          }
          if (end === length) {
            return null;
          }
          if (end > nameStart && pattern[end - 1] === ":") {
            const name = pattern.slice(nameStart, end - 1);
            if (!Object.prototype.hasOwnProperty.call(POSIX_CLASSES, name)) {
              return null;
            }
            body += POSIX_CLASSES[name];
            prev = EMPTY;
            index = end;
          } else {
            body += escapeMember("[");
            prev = "[";
            index = nameStart - 2;
          }
        } else {
          body += escapeMember(char);
          prev = char;
        }
        index++;
        if (pattern[index] === "]") {
          return {
            end: index,
            source: classSource(negated, body)
          };
        }
      }
    };
    var NEVER_MATCH = "[]";
    var PLACEHOLDER = "\0";
    var REGEX_RESTORE_PLACEHOLDER = new RegExp(
      `${PLACEHOLDER}(\\d+)${PLACEHOLDER}`,
      "g"
    );
    var TRAILING_WILDCARD = "\uE000";
    var TRAILING_DOUBLESTAR = "\uE001";
    var isReserved = (char) => char === PLACEHOLDER || char === TRAILING_WILDCARD || char === TRAILING_DOUBLESTAR;
    var extractBrackets = (pattern) => {
      const sources = [];
      const hold = (source) => `${PLACEHOLDER}${sources.push(source) - 1}${PLACEHOLDER}`;
      const { length } = pattern;
      let out = EMPTY;
      let index = 0;
      while (index < length) {
        const char = pattern[index];
        if (char === ESCAPE) {
          const escaped = pattern[index + 1];
          if (escaped === SLASH && index + 2 === length) {
            out += hold(NEVER_MATCH);
          } else if (escaped === "*" || escaped === "[" || escaped === SPACE) {
            out += pattern.slice(index, index + 2);
          } else {
            out += hold(
              REGEX_LITERAL_SPECIAL.test(escaped) ? ESCAPE + escaped : isReserved(escaped) ? `[${escaped}]` : escaped
            );
          }
          index += 2;
        } else if (isReserved(char)) {
          out += hold(`[${char}]`);
          index++;
        } else if (char === "[") {
          const scanned = scanBracket(pattern, index);
          if (scanned === null) {
            out += hold(NEVER_MATCH);
            index = length;
          } else {
            out += hold(scanned.source);
            index = scanned.end + 1;
          }
        } else {
          out += char;
          index++;
        }
      }
      return {
        source: out,
        sources
      };
    };
    var DIRECT = null;
    var REGEX_INNER_SLASH = /\/(?!$)/;
    var WILDCARD = "[^\\/]*";
    var REPLACERS = [
      // Replace (\ ) with ' '
      // Only a space: an escaped tab or other whitespace is already a literal by
      //   the time it reaches here, and a bare tab must be left as one, not turned
      //   into a space.
      // (\ ) -> ' '
      // (\\ ) -> '\\ '
      // (\\\ ) -> '\\ '
      [
        // A run of backslashes is taken whole, from its first one, so no match
        //   ever starts again inside it -- `(\\+?) ` did, which made a long run
        //   quadratic.
        /(\\+)( ?)/g,
        (_, run, space) => space ? run.slice(0, run.length - run.length % 2) + SPACE : run,
        ESCAPE + SPACE
      ],
      // git's wildmatch() reads a run of two or more asterisks as one globstar
      //   whenever the run fills a path segment: it starts the pattern or follows
      //   a `/`, and it ends the pattern or comes before a `/`. A run of two is
      //   already `**`; a longer one is folded into `**` here, so the steps
      //   below only ever have to know `**`.
      // `***/foo` -> `**/foo`, `a/***/b` -> `a/**/b`, `a/***` -> `a/**`
      // git also takes a run beside a literal prefix (`a***/b`) or beside an
      //   escaped slash (`***\/b`) as a globstar, and this does not; the README
      //   lists both, under "A run of asterisks".
      [
        /(^|\/)\*{3,}(?=\/|$)/g,
        (_, start) => `${start}**`,
        "*"
      ],
      // Escape metacharacters
      // which is written down by users but means special for regular expressions.
      // > There are 12 characters with special meanings:
      // > - the backslash \,
      // > - the caret ^,
      // > - the dollar sign $,
      // > - the period or dot .,
      // > - the vertical bar or pipe symbol |,
      // > - the question mark ?,
      // > - the asterisk or star *,
      // > - the plus sign +,
      // > - the opening parenthesis (,
      // > - the closing parenthesis ),
      // > - and the opening square bracket [,
      // > - the opening curly brace {,
      // > These special characters are often called "metacharacters".
      [
        /[\\$.|*+(){^]/g,
        (match) => `\\${match}`
      ],
      [
        // > a question mark (?) matches a single character
        /(?!\\)\?/g,
        () => "[^/]",
        "?"
      ],
      // leading slash
      [
        // > A leading slash matches the beginning of the pathname.
        // > For example, "/*.c" matches "cat-file.c" but not "mozilla-sha1/sha1.c".
        // A leading slash matches the beginning of the pathname
        /^\//,
        () => "^",
        SLASH
      ],
      // replace special metacharacter slash after the leading slash
      [
        /\//g,
        () => "\\/",
        SLASH
      ],
      [
        // > A leading "**" followed by a slash means match in all directories.
        // > For example, "**/foo" matches file or directory "foo" anywhere,
        // > the same as pattern "foo".
        // > "**/foo/bar" matches file or directory "bar" anywhere that is directly
        // >   under directory "foo".
        // Notice that the '*'s have been replaced as '\\*'
        /^\^*(?:\\\*\\\*\\\/)+/,
        // '**/foo' <-> 'foo'
        () => "(?:^|\\/)",
        "*"
      ],
      // starting
      [
        // there will be no leading '/'
        //   (which has been replaced by section "leading slash")
        // If starts with '**', adding a '^' to the regular expression also works
        DIRECT,
        (source, pattern) => {
          if (!source || source[0] === "^" || source[0] === "(") {
            return source;
          }
          const anchor = !REGEX_INNER_SLASH.test(pattern) ? "(?:^|\\/)" : "^";
          return anchor + source;
        }
      ],
      // two globstars
      [
        // Use lookahead assertions so that we could match more than one `'/**'`
        /\\\/\\\*\\\*(?=\\\/|$)/g,
        // Zero, one or several directories
        // should not use '*', or it will be replaced by the next replacer
        // Check if it is not the last `'/**'`
        (_, index, str) => index + 6 < str.length ? str.slice(index + 6) === "\\/" ? "(?:\\/[^\\/]+)+" : "(?:\\/[^\\/]+)*" : `\\/${TRAILING_DOUBLESTAR}`,
        "*"
      ],
      // normal intermediate wildcards
      [
        // Never replace escaped '*'
        // ignore rule '\*' will match the path '*'
        // 'abc.*/' -> go
        // 'abc.*'  -> skip this rule,
        //    coz trailing single wildcard will be handed by [trailing wildcard]
        /(^|[^\\])(?:\\\*)+(?!$)/g,
        // '*.js' matches '.js'
        // '*.js' doesn't match 'abc'
        // 1. An asterisk "*" matches anything except a slash.
        // 2. Other consecutive asterisks are considered regular asterisks
        //    and collapse into one non-slash wildcard run.
        (_, p1) => p1 + WILDCARD,
        "*"
      ],
      // trailing wildcard, held apart from a literal star
      [
        // The step above leaves a trailing `*` alone, so a single `\*` is all that
        //   can be left at the end here, and what stands in front of it says which
        //   kind it is. A wildcard arrives as the escaper wrote it, `\*` with
        //   nothing before it; a literal arrives as the user's own escape, which
        //   the escaper doubled, and then the star's own -- `\\` and then `\*`.
        //   There is no third case: every backslash still reaching the chain is
        //   one `\*`, `\[` or `\ ` carries itself, and each is followed by its
        //   own character, so a longer run can never form. This runs while the
        //   two are still distinct, before the unescape steps below collapse the
        //   literal onto the very `\*` a wildcard leaves behind.
        /(^|[^\\])((?:\\\\)*)\\\*$/,
        (match, p1, p2) => p2 === EMPTY ? p1 + TRAILING_WILDCARD : match,
        "*"
      ],
      [
        // unescape, revert step 3 except for back slash
        // For example, if a user escape a '\\*',
        // after step 3, the result will be '\\\\\\*'
        /\\\\\\(?=[$.|*+(){^])/g,
        () => ESCAPE,
        ESCAPE + ESCAPE
      ],
      [
        // '\\\\' -> '\\'
        /\\\\/g,
        () => ESCAPE,
        ESCAPE + ESCAPE
      ],
      [
        // Every real bracket expression -- POSIX classes included -- has already
        //   been held aside by `extractBrackets`, so the only `[` left in the
        //   pattern is an escaped, literal one.
        // A backslash could only stand at the end of the range if it quoted the
        //   `]`, and `\]` is held aside long before this.
        /\\\[([^\]/]*?)($|\])/g,
        // '\\[bar]' -> '\\\\[bar]'
        (match, range, close) => `\\[${range}${close}`,
        "["
      ],
      // ending
      [
        // 'js' will not match 'js.'
        // 'ab' will not match 'abc'
        DIRECT,
        // WTF!
        // https://git-scm.com/docs/gitignore
        // changes in [2.22.1](https://git-scm.com/docs/gitignore/2.22.1)
        // which re-fixes #24, #38
        // > If there is a separator at the end of the pattern then the pattern
        // > will only match directories, otherwise the pattern can match both
        // > files and directories.
        // 'js*' will not match 'a.js'
        // 'js/' will not match 'a.js'
        // 'js' will match 'a.js' and 'a.js/'
        (source) => {
          const last = source[source.length - 1];
          if (!last || last === TRAILING_WILDCARD || last === TRAILING_DOUBLESTAR) {
            return source;
          }
          return last === SLASH ? `${source}$` : `${source}(?=$|\\/$)`;
        }
      ]
    ];
    var REGEX_REPLACE_TRAILING_WILDCARD = /(^|\\\/)?\uE000$/;
    var MODE_IGNORE = "regex";
    var MODE_CHECK_IGNORE = "checkRegex";
    var UNDERSCORE = "_";
    var replaceTrailingWildcard = (_, p1) => {
      const prefix = p1 ? `${p1}[^/]+` : "[^/]*";
      return `${prefix}(?=$|\\/$)`;
    };
    var REGEX_REPLACE_TRAILING_DOUBLESTAR = /\uE001$/;
    var replaceTrailingDoublestar = () => "[\\s\\S]";
    var separatorAfter = (run, at) => {
      let separator = EMPTY;
      for (let index = at + 1; index < run.length && !run[index].wildcard; index++) {
        separator += run[index].single;
      }
      return separator;
    };
    var pinWildcards = (source) => {
      if (source.indexOf(WILDCARD) < 0) {
        return source;
      }
      const tokens = [];
      const { length } = source;
      let index = 0;
      while (index < length) {
        const char = source[index];
        if (source.startsWith(WILDCARD, index)) {
          tokens.push({ wildcard: true });
          index += WILDCARD.length;
        } else if (char === "[") {
          let end = index + 1;
          if (source[end] === "^") {
            end++;
          }
          if (source[end] === "]") {
            end++;
          }
          while (end < length && source[end] !== "]") {
            end += source[end] === ESCAPE ? 2 : 1;
          }
          end++;
          tokens.push({ single: source.slice(index, end) });
          index = end;
        } else if (char === ESCAPE) {
          tokens.push({ single: source.slice(index, index + 2) });
          index += 2;
        } else if (char === "(") {
          let depth = 0;
          let end = index;
          do {
            if (source[end] === ESCAPE) {
              end++;
            } else if (source[end] === "(") {
              depth++;
            } else if (source[end] === ")") {
              depth--;
            }
            end++;
          } while (end < length && depth > 0);
          if ("*+?".indexOf(source[end]) >= 0) {
            end++;
          }
          tokens.push({ boundary: source.slice(index, end) });
          index = end;
        } else if (char === "^" || char === "$") {
          tokens.push({ boundary: char });
          index++;
        } else {
          tokens.push({ single: char });
          index++;
        }
      }
      let out = EMPTY;
      let run = [];
      const flush = () => {
        let lastWildcard;
        run.forEach((token, at) => {
          if (token.wildcard) {
            lastWildcard = at;
          }
        });
        run.forEach((token, at) => {
          if (!token.wildcard) {
            out += token.single;
            return;
          }
          out += at === lastWildcard ? WILDCARD : `(?:(?!${separatorAfter(run, at)})[^\\/])*`;
        });
        run = [];
      };
      tokens.forEach((token) => {
        if (token.boundary === void 0) {
          run.push(token);
          return;
        }
        flush();
        out += token.boundary;
      });
      flush();
      return out;
    };
    var makeRegexPrefix = (pattern) => {
      if (REGEX_ANCHORED_GLOBSTAR.test(pattern)) {
        pattern = "**";
      }
      const { source, sources } = extractBrackets(pattern);
      const replaced = REPLACERS.reduce(
        // A pass whose matcher finds nothing hands back the very string it was
        //   given, so asking first costs a search and saves a rewrite. Ten of the
        //   fifteen passes never fire for a typical .gitignore line, and between
        //   them they were 45% of this chain.
        (prev, [matcher, replacer, required]) => {
          if (matcher === DIRECT) {
            return replacer(prev, pattern);
          }
          if (required !== UNDEFINED && prev.indexOf(required) < 0) {
            return prev;
          }
          return matcher.test(prev) ? prev.replace(matcher, replacer.bind(pattern)) : prev;
        },
        source
      );
      return sources.length ? replaced.replace(
        REGEX_RESTORE_PLACEHOLDER,
        (match, index) => sources[index]
      ) : replaced;
    };
    var checkSourceOf = (body, prefix) => {
      if (body[body.length - 1] === SLASH) {
        prefix = makeRegexPrefix(body.slice(0, -1));
      }
      const head = prefix.slice(0, -1);
      const last = prefix[prefix.length - 1];
      return last === TRAILING_WILDCARD ? `${head}$` : last === TRAILING_DOUBLESTAR ? head : NEVER_MATCH;
    };
    var matchesBasename = (body) => {
      const index = body.indexOf(SLASH);
      return index < 0 || index === body.length - 1;
    };
    var basenameOf = (path3) => {
      const end = path3.length - 1;
      const index = path3.lastIndexOf(
        SLASH,
        path3[end] === SLASH ? end - 1 : end
      );
      return index < 0 ? path3 : path3.slice(index + 1);
    };
    var parentOf = (path3) => {
      if (path3.charCodeAt(0) === SLASH_CODE || path3.indexOf(DOUBLE_SLASH) >= 0) {
        const slices = path3.split(SLASH).filter(Boolean);
        slices.pop();
        return slices.length ? slices.join(SLASH) + SLASH : EMPTY;
      }
      const end = path3.length - 1;
      const cut = path3.lastIndexOf(
        SLASH,
        path3.charCodeAt(end) === SLASH_CODE ? end - 1 : end
      );
      return cut < 0 ? EMPTY : path3.slice(0, cut + 1);
    };
    var isString2 = (subject) => typeof subject === "string";
    var checkPattern = (pattern) => pattern && isString2(pattern);
    var splitPattern = (pattern) => (pattern[pattern.length - 1] === "\r" ? pattern.slice(0, -1) : pattern).split(REGEX_SPLITALL_CRLF).filter(Boolean);
    var IgnoreRule = class {
      constructor(pattern, mark, body, ignoreCase, negative, prefix) {
        this.pattern = pattern;
        this.mark = mark;
        this.negative = negative;
        define(this, "body", body);
        define(this, "ignoreCase", ignoreCase);
        define(this, "regexPrefix", prefix);
      }
      // Worked out on first use and kept behind an own property, the way `regex`
      //   caches itself in `_regex`. Deciding it in the constructor instead would
      //   add a fourth `defineProperty` to every rule ever built, which cost 4% of
      //   every compile -- including the compiles of rules that are never matched
      //   against anything.
      get _basenameOnly() {
        return define(this, "_basenameOnly", matchesBasename(this.body));
      }
      get regex() {
        const key = UNDERSCORE + MODE_IGNORE;
        if (this[key]) {
          return this[key];
        }
        return this._make(MODE_IGNORE, key);
      }
      get checkRegex() {
        const key = UNDERSCORE + MODE_CHECK_IGNORE;
        if (this[key]) {
          return this[key];
        }
        return this._make(MODE_CHECK_IGNORE, key);
      }
      _make(mode, key) {
        const str = pinWildcards(
          mode === MODE_IGNORE ? this.regexPrefix.replace(REGEX_REPLACE_TRAILING_WILDCARD, replaceTrailingWildcard).replace(REGEX_REPLACE_TRAILING_DOUBLESTAR, replaceTrailingDoublestar) : checkSourceOf(this.body, this.regexPrefix)
        );
        const regex = this.ignoreCase ? new RegExp(str, "i") : new RegExp(str);
        return define(this, key, regex);
      }
    };
    var hasTrailingBackslash = (str) => {
      let count = 0;
      while (str[str.length - count - 1] === ESCAPE) {
        count++;
      }
      return count % 2 === 1;
    };
    var trimEnd = (body, stripLineEnd) => {
      let lineEnd = body.length;
      let end;
      for (; ; ) {
        if (stripLineEnd && body[lineEnd - 1] === "\r") {
          lineEnd--;
        }
        end = lineEnd;
        while (body[end - 1] === SPACE) {
          end--;
        }
        if (!stripLineEnd || body[end - 1] !== "\n") {
          break;
        }
        lineEnd = end - 1;
      }
      if (end === lineEnd) {
        return body.slice(0, lineEnd);
      }
      let backslashes = 0;
      while (body[end - backslashes - 1] === ESCAPE) {
        backslashes++;
      }
      return backslashes % 2 ? body.slice(0, end - 1) + SPACE : body.slice(0, end);
    };
    var createRule = (pattern, mark, ignoreCase, stripLineEnd, stripBOM) => {
      let body = stripBOM && pattern[0] === BOM ? pattern.slice(1) : pattern;
      if (body[0] === "#") {
        return;
      }
      let negative = false;
      if (body[0] === "!") {
        negative = true;
        body = body.slice(1);
      }
      const last = body[body.length - 1];
      if (last === SPACE || stripLineEnd && (last === "\r" || last === "\n")) {
        body = trimEnd(body, stripLineEnd);
      }
      if (!body || hasTrailingBackslash(body)) {
        return;
      }
      body = body.replace(REGEX_REPLACE_LEADING_EXCAPED_EXCLAMATION, "!").replace(REGEX_REPLACE_LEADING_EXCAPED_HASH, "#");
      const regexPrefix = makeRegexPrefix(body);
      return new IgnoreRule(
        pattern,
        mark,
        body,
        ignoreCase,
        negative,
        regexPrefix
      );
    };
    var RuleManager = class {
      constructor(ignoreCase) {
        this._ignoreCase = ignoreCase;
        this._rules = [];
        this._basenameCount = 0;
      }
      _add(pattern, index) {
        if (pattern && pattern[KEY_IGNORE]) {
          this._rules = this._rules.concat(pattern._rules._rules);
          this._basenameCount += pattern._rules._basenameCount;
          this._added = true;
          return;
        }
        const isStr = isString2(pattern);
        const raw = isStr ? pattern : pattern.pattern;
        const rule = checkPattern(raw) && createRule(
          raw,
          isStr ? UNDEFINED : pattern.mark,
          this._ignoreCase,
          !this._split,
          this._stripBOM && !index
        );
        if (rule) {
          this._added = true;
          this._rules.push(rule);
          if (matchesBasename(rule.body)) {
            this._basenameCount++;
          }
        }
      }
      // @param {Array<string> | string | Ignore} pattern
      add(pattern) {
        this._added = false;
        this._split = isString2(pattern);
        this._stripBOM = !this._split || pattern[0] === BOM;
        makeArray(
          this._split ? splitPattern(pattern) : pattern
        ).forEach(this._add, this);
        if (this._added) {
          this._literalRules = UNDEFINED;
        }
        return this._added;
      }
      // Match the literal 'abc/' for `checkIgnore`, last rule wins. Only a rule
      //   ending in a wildcard can match it (see `checkSourceOf`), so the rest
      //   are left out once, rather than tested or compiled for every path.
      testLiteral(path3) {
        const rules = this._literalRules || (this._literalRules = this._rules.filter(
          ({ body }) => body[body.length - (body[body.length - 1] === SLASH ? 2 : 1)] === "*"
        ));
        let ignored = false;
        let unignored = false;
        let matchedRule;
        for (let index = rules.length - 1; index >= 0; index--) {
          const rule = rules[index];
          if (rule.checkRegex.test(path3)) {
            ignored = !rule.negative;
            unignored = rule.negative;
            matchedRule = rule.negative ? UNDEFINED : rule;
            break;
          }
        }
        const ret = {
          ignored,
          unignored
        };
        if (matchedRule) {
          ret.rule = matchedRule;
        }
        return ret;
      }
      // Test one single path without recursively checking parent directories
      //
      // - mode `string` either `MODE_IGNORE` or `MODE_CHECK_IGNORE`
      // @returns {TestResult}
      test(path3, mode) {
        const rules = this._rules;
        const { length } = rules;
        const shortcut = this._basenameCount * 2 >= length;
        const basename = shortcut ? basenameOf(path3) : path3;
        for (let index = length - 1; index >= 0; index--) {
          const rule = rules[index];
          if (rule[mode].test(
            shortcut && rule._basenameOnly ? basename : path3
          )) {
            const { negative } = rule;
            const ret = {
              ignored: !negative,
              unignored: negative
            };
            if (!negative) {
              ret.rule = rule;
            }
            return ret;
          }
        }
        return {
          ignored: false,
          unignored: false
        };
      }
    };
    var throwError = (message, Ctor) => {
      throw new Ctor(message);
    };
    var checkPath = (path3, originalPath, doThrow) => {
      if (!isString2(path3)) {
        return doThrow(
          `path must be a string, but got \`${originalPath}\``,
          TypeError
        );
      }
      if (!path3) {
        return doThrow(`path must not be empty`, TypeError);
      }
      if (checkPath.isNotRelative(path3)) {
        const r = "`path.relative()`d";
        return doThrow(
          `path should be a ${r} string, but got "${originalPath}"`,
          RangeError
        );
      }
      return true;
    };
    var isNotRelative = (path3) => {
      const first = path3.charCodeAt(0);
      if (first === SLASH_CODE) {
        return true;
      }
      if (first !== DOT_CODE) {
        return false;
      }
      if (path3.length === 1) {
        return true;
      }
      const second = path3.charCodeAt(1);
      if (second === SLASH_CODE) {
        return true;
      }
      if (second !== DOT_CODE) {
        return false;
      }
      return path3.length === 2 || path3.charCodeAt(2) === SLASH_CODE;
    };
    checkPath.isNotRelative = isNotRelative;
    checkPath.convert = (p) => p;
    var convertPath = (target) => isString2(target) && checkPath.convert(target);
    var Ignore = class {
      constructor({
        ignorecase = true,
        ignoreCase = ignorecase,
        allowRelativePaths = false
      } = {}) {
        define(this, KEY_IGNORE, true);
        this._rules = new RuleManager(ignoreCase);
        this._strictPathCheck = !allowRelativePaths;
        this._initCache();
      }
      _initCache() {
        this._ignoreCache = /* @__PURE__ */ Object.create(null);
        this._testCache = /* @__PURE__ */ Object.create(null);
      }
      add(pattern) {
        if (this._rules.add(pattern)) {
          this._initCache();
        }
        return this;
      }
      // legacy
      addPattern(pattern) {
        return this.add(pattern);
      }
      // @returns {TestResult}
      _test(originalPath, cache2, path3) {
        checkPath(
          path3,
          originalPath,
          this._strictPathCheck ? throwError : RETURN_FALSE
        );
        return path3 ? this._t(path3, cache2) : {
          ignored: false,
          unignored: false
        };
      }
      checkIgnore(target) {
        const path3 = convertPath(target);
        if (!path3 || path3.charCodeAt(path3.length - 1) !== SLASH_CODE) {
          return this._test(target, this._testCache, path3);
        }
        const dir = this._t(path3, this._testCache);
        if (dir.ignored) {
          return dir;
        }
        const literal = this._rules.testLiteral(path3);
        return literal.ignored || literal.unignored ? literal : dir;
      }
      _t(path3, cache2) {
        if (path3 in cache2) {
          return cache2[path3];
        }
        const parentPath = parentOf(path3);
        const parent = parentPath ? this._t(parentPath, cache2) : UNDEFINED;
        return cache2[path3] = parent && parent.ignored ? parent : this._rules.test(path3, MODE_IGNORE);
      }
      ignores(path3) {
        return this._test(path3, this._ignoreCache, convertPath(path3)).ignored;
      }
      createFilter() {
        return (path3) => !this.ignores(path3);
      }
      filter(paths) {
        return makeArray(paths).filter(this.createFilter());
      }
      // @returns {TestResult}
      test(path3) {
        return this._test(path3, this._testCache, convertPath(path3));
      }
    };
    var factory = (options) => new Ignore(options);
    var isPathValid = (path3) => checkPath(convertPath(path3), path3, RETURN_FALSE);
    var setupWindows = () => {
      const makePosix = (str) => /^\\\\\?\\/.test(str) || /["<>|\u0000-\u001F]+/u.test(str) ? str : str.replace(/\\/g, "/");
      checkPath.convert = makePosix;
      const REGEX_TEST_WINDOWS_PATH_ABSOLUTE = /^[a-z]:\//i;
      checkPath.isNotRelative = (path3) => REGEX_TEST_WINDOWS_PATH_ABSOLUTE.test(path3) || isNotRelative(path3);
    };
    if (
      // Detect `process` so that it can run in browsers.
      typeof process !== "undefined" && process.platform === "win32"
    ) {
      setupWindows();
    }
    module.exports = factory;
    factory.default = factory;
    module.exports.isPathValid = isPathValid;
    define(module.exports, /* @__PURE__ */ Symbol.for("setupWindows"), setupWindows);
  }
});

// src/engine/registry.ts
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
var RULES_DIR = fileURLToPath(new URL("../../rules/", import.meta.url));
var metaSchema = external_exports.object({
  code: external_exports.string().regex(/^PTL\d{3}$/, "codes are PTL + three digits"),
  name: external_exports.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "names are kebab-case"),
  agent: external_exports.enum(AGENTS),
  severity: external_exports.enum(SEVERITIES),
  enabledByDefault: external_exports.boolean(),
  docs: external_exports.object({
    summary: external_exports.string().min(1),
    why: external_exports.string().min(1),
    bad: external_exports.string().min(1),
    good: external_exports.string().min(1)
  }),
  options: external_exports.custom((v) => v instanceof external_exports.ZodType, "options must be a zod schema"),
  messages: external_exports.record(external_exports.string(), external_exports.string().min(1)),
  fixable: external_exports.enum(["safe", "unsafe"]).optional(),
  testCode: external_exports.enum(TEST_CODE_POLICIES).optional(),
  precision: external_exports.enum(["very-high", "high", "medium", "low"]).optional(),
  security: external_exports.object({ cwe: external_exports.array(external_exports.number().int().positive()).min(1), severity: external_exports.number().min(0.1).max(10) }).strict().optional(),
  textTriggers: external_exports.record(external_exports.string(), external_exports.instanceof(RegExp)).optional(),
  callees: external_exports.array(external_exports.string().regex(/^\*?[A-Za-z_]\w*$/, "callee names are identifiers, or *Suffix")).min(1).optional(),
  create: external_exports.function(),
  project: external_exports.function().optional()
}).strict();
var cache;
var bundled;
function useBundledRules(modules) {
  bundled = modules;
  cache = void 0;
}
function codeFingerprint() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const built = path.join(here, "code-fingerprint");
  if (bundled && existsSync(built)) return readFileSync(built, "utf8").trim();
  const hash = createHash("sha256");
  for (const dir of bundled ? [here] : [here, RULES_DIR]) {
    for (const entry of readdirSync(dir, { recursive: true }).sort()) {
      if (!/\.(ts|js)$/.test(entry)) continue;
      hash.update(entry).update(readFileSync(path.join(dir, entry)));
    }
  }
  return hash.digest("hex").slice(0, 16);
}
function ruleFiles(dir) {
  const files = [];
  for (const agent of readdirSync(dir, { withFileTypes: true })) {
    if (!agent.isDirectory()) continue;
    for (const f of readdirSync(path.join(dir, agent.name))) {
      if (/\.(ts|js)$/.test(f) && !f.endsWith(".d.ts")) files.push(path.join(dir, agent.name, f));
    }
  }
  return files.sort();
}
function loadRules(dir = RULES_DIR) {
  const builtin = dir === RULES_DIR;
  if (builtin && cache) return cache;
  const loading = (async () => {
    const modules = builtin && bundled ? bundled : await Promise.all(ruleFiles(dir).map(async (file) => [file, await import(pathToFileURL(file).href)]));
    const loaded = [];
    for (const [file, mod] of modules) {
      const parsed = metaSchema.safeParse(mod.default, { jitless: true });
      if (!parsed.success) {
        throw new Error(`invalid rule module ${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      }
      loaded.push({ rule: mod.default, file });
    }
    loaded.sort((a, b) => a.rule.code.localeCompare(b.rule.code));
    const codes2 = /* @__PURE__ */ new Set();
    for (const { rule, file } of loaded) {
      if (codes2.has(rule.code)) throw new Error(`duplicate rule code ${rule.code} in ${file}`);
      codes2.add(rule.code);
    }
    return loaded;
  })();
  if (builtin) cache = loading;
  return loading;
}

// src/engine/suppressions.ts
var CODE = "[A-Za-z]+[0-9][A-Za-z0-9]*";
var LIST = `${CODE}(?:[\\s,]+${CODE})*`;
var LINE_NOQA = new RegExp(`#\\s*noqa(?::\\s*(${LIST}))?`, "i");
var FILE_NOQA = new RegExp(`^#\\s*pyteam-lint\\s*:\\s*noqa(?::\\s*(${LIST}))?\\s*$`, "i");
function codesOf(list) {
  return list ? list.split(/[\s,]+/).filter(Boolean) : null;
}
function merge(a, b) {
  if (a === "all" || b === null) return "all";
  return [.../* @__PURE__ */ new Set([...a ?? [], ...b.map((c) => c.toUpperCase())])];
}
var isBlank = (c) => c === " " || c === "	" || c === "\f";
function removalOf(text, start, end) {
  const lineStart = Math.max(text.lastIndexOf("\n", start - 1), text.lastIndexOf("\r", start - 1)) + 1;
  let lineEnd = end;
  while (lineEnd < text.length && text[lineEnd] !== "\n" && text[lineEnd] !== "\r") lineEnd++;
  let before = start;
  while (before > lineStart && isBlank(text[before - 1])) before--;
  let after = end;
  while (after < lineEnd && isBlank(text[after])) after++;
  if (before === lineStart && after === lineEnd) {
    const next = text.startsWith("\r\n", lineEnd) ? lineEnd + 2 : lineEnd < text.length ? lineEnd + 1 : lineEnd;
    return { start: lineStart, end: next, text: "" };
  }
  if (after === lineEnd) return { start: before, end: lineEnd, text: "" };
  if (text[after] === "#") return { start, end: after, text: "" };
  return { start, end: after, text: "# " };
}
function noqaComments(root, text) {
  const out = [];
  const word = /noqa/gi;
  for (let m = word.exec(text); m !== null; m = word.exec(text)) {
    const lineStart = Math.max(text.lastIndexOf("\n", m.index), text.lastIndexOf("\r", m.index)) + 1;
    for (let hash = text.indexOf("#", lineStart); hash !== -1 && hash < m.index; hash = text.indexOf("#", hash + 1)) {
      const node = root.descendantForIndex(hash);
      if (node?.type !== "comment" || node.startIndex !== hash) continue;
      out.push({ text: node.text, start: hash, line: node.startPosition.row + 1, column: hash - lineStart + 1 });
      word.lastIndex = Math.max(word.lastIndex, node.endIndex);
      break;
    }
  }
  return out;
}
function collectSuppressions(root, text) {
  const result = { lines: {}, file: null, directives: [] };
  for (const comment of noqaComments(root, text)) {
    const fileMatch = FILE_NOQA.exec(comment.text);
    const match = fileMatch ?? LINE_NOQA.exec(comment.text);
    if (!match) continue;
    const codes2 = codesOf(match[1]);
    if (fileMatch) result.file = merge(result.file, codes2);
    else result.lines[comment.line] = merge(result.lines[comment.line], codes2);
    const written = fileMatch ? match[0].trimEnd() : match[0];
    const start = comment.start + match.index;
    const end = start + written.length;
    result.directives.push({
      scope: fileMatch ? "file" : "line",
      line: comment.line,
      column: comment.column + match.index,
      endColumn: comment.column + match.index + written.length,
      start,
      end,
      text: written,
      codes: codes2,
      removal: removalOf(text, start, end)
    });
  }
  return result;
}
function isSuppressed(s, code, line) {
  const fileCodes = s.file;
  if (fileCodes === "all" || fileCodes?.includes(code)) return true;
  const codes2 = s.lines[line];
  return codes2 === "all" || (codes2?.includes(code) ?? false);
}
function suppressingDirective(s, code, line) {
  if (!isSuppressed(s, code, line)) return void 0;
  let blanket;
  let own;
  for (const d of s.directives) {
    if (d.scope === "file") {
      if (d.codes === null) blanket ??= d;
      else if (d.codes.some((c) => c.toUpperCase() === code)) return d;
    } else if (d.line === line && !own && (d.codes === null || d.codes.some((c) => c.toUpperCase() === code))) own = d;
  }
  return blanket ?? own;
}

// src/engine/lint.ts
import { createHash as createHash2 } from "node:crypto";
import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import path2 from "node:path";

// src/engine/outcome.ts
var isString = (v) => typeof v === "string";
var isInt = (v) => Number.isInteger(v);
var isBool = (v) => typeof v === "boolean";
var isTrue = (v) => v === true;
var isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var arrayOf = (item) => (v) => Array.isArray(v) && v.every(item);
var recordOf = (item) => (v) => isObject(v) && Object.values(v).every(item);
var nullable = (item) => (v) => v === null || item(v);
var oneOf = (...values) => (v) => values.includes(v);
var either = (a, b) => (v) => a(v) || b(v);
function shape(fields) {
  const required = Object.keys(fields).filter((k) => !k.endsWith("?"));
  const checks = /* @__PURE__ */ Object.create(null);
  for (const [k, c] of Object.entries(fields)) checks[k.replace(/\?$/, "")] = c;
  return (v) => {
    if (!isObject(v)) return false;
    for (const k of required) if (v[k] === void 0) return false;
    for (const k in v) {
      const value = v[k];
      if (value === void 0) continue;
      const check = checks[k];
      if (check === void 0 || !check(value)) return false;
    }
    return true;
  };
}
var location = { line: isInt, column: isInt, endLine: isInt, endColumn: isInt };
var names = arrayOf(isString);
var queues = arrayOf(either(isInt, isString));
var codes = either(names, oneOf("all"));
var edit = shape({ start: isInt, end: isInt, text: isString });
var fix = shape({
  title: isString,
  applicability: oneOf("safe", "unsafe"),
  edits: arrayOf(edit)
});
var finding = shape({
  code: isString,
  name: isString,
  agent: isString,
  severity: oneOf("error", "warning", "info"),
  path: isString,
  ...location,
  message: isString,
  fix: nullable(fix)
});
var functionSummary = shape({
  "calls?": names,
  "async?": isTrue,
  "generator?": isTrue,
  "sigterm?": isTrue,
  "cuda?": isTrue,
  "evals?": isTrue,
  "loopPuts?": queues,
  "puts?": queues
});
var lines = (v) => Array.isArray(v) && v.length === 2 && v.every(isInt);
var slot = either(isInt, isString);
var handed = arrayOf((v) => Array.isArray(v) && v.length === 3 && slot(v[0]) && isString(v[1]) && isString(v[2]));
var channels = shape({
  made: arrayOf(
    shape({
      at: isString,
      scope: isString,
      holders: names,
      kind: oneOf("queue", "joinable-queue", "simple-queue", "manager-queue", "pipe", "event", "shared-memory"),
      via: isString,
      "maxsize?": isString,
      lines
    })
  ),
  workers: arrayOf(
    shape({
      at: isString,
      scope: isString,
      "holder?": isString,
      kind: oneOf("process", "thread", "pool", "class"),
      callee: isString,
      "target?": isString,
      args: handed,
      lines
    })
  ),
  uses: recordOf(
    shape({
      lines,
      "ops?": arrayOf(
        shape({
          op: oneOf("put", "get", "send", "recv", "set", "wait", "start", "join", "terminate", "kill", "submit"),
          on: isString,
          text: isString,
          "message?": isString,
          "pill?": isTrue,
          "timeout?": isTrue,
          "target?": isString,
          "args?": handed,
          lines
        })
      ),
      "calls?": arrayOf(shape({ callee: isString, args: handed, lines })),
      "params?": names,
      "attrs?": recordOf(isInt)
    })
  )
});
var summary = shape({
  path: isString,
  module: isString,
  isPackage: isBool,
  test: isBool,
  aliases: names,
  imports: recordOf(isString),
  classes: arrayOf(shape({ name: isString, qname: isString, bases: names, metaclass: nullable(isString), location: shape(location) })),
  processTargets: names,
  "startMethods?": names,
  functions: recordOf(functionSummary),
  "channels?": channels,
  suppressions: shape({
    lines: recordOf(codes),
    file: nullable(codes),
    directives: arrayOf(
      shape({
        scope: oneOf("line", "file"),
        line: isInt,
        column: isInt,
        endColumn: isInt,
        start: isInt,
        end: isInt,
        text: isString,
        codes: nullable(names),
        removal: edit
      })
    )
  }),
  records: recordOf(Array.isArray)
});
var notebook = shape({
  cells: arrayOf(
    shape({
      cell: isInt,
      start: isInt,
      end: isInt,
      line: isInt,
      pieces: arrayOf(shape({ start: isInt, end: isInt, raw: isInt, text: isString, fileLine: isInt, fileColumn: isInt })),
      form: oneOf("string", "array"),
      separator: isString
    })
  ),
  lineStarts: (v) => Array.isArray(v) && v.length > 0 && v.every(isInt),
  masked: arrayOf(lines)
});
var outcome = shape({
  findings: arrayOf(finding),
  summary: nullable(summary),
  errors: arrayOf(shape({ path: isString, message: isString, "internal?": isBool })),
  "notebook?": notebook
});
function asFileOutcome(value) {
  return outcome(value) ? value : void 0;
}

// src/engine/triggers.ts
var globalForms = /* @__PURE__ */ new WeakMap();
function matchStarts(text, pattern) {
  let global = globalForms.get(pattern);
  if (!global) globalForms.set(pattern, global = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, "") + "g"));
  const out = [];
  for (const m of text.matchAll(global)) if (m[0].length > 0) out.push(m.index);
  return out;
}
function containsMatch(starts, start, end) {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = lo + hi >> 1;
    if (starts[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < starts.length && starts[lo] < end;
}
function nodesContaining(root, starts, type) {
  const found = /* @__PURE__ */ new Map();
  for (const offset of starts) {
    const target = root.descendantForIndex(offset);
    if (!target) continue;
    let cur = root;
    while (cur) {
      if (cur.type === type && !found.has(cur.id)) found.set(cur.id, { node: cur, type, start: cur.startIndex, end: cur.endIndex });
      if (cur.id === target.id) break;
      cur = cur.childWithDescendant(target);
    }
  }
  return [...found.values()].sort(byPosition);
}
function byPosition(a, b) {
  return a.start - b.start || b.end - a.end;
}
function mergeCaptures(a, b) {
  if (b.length === 0) return a;
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(byPosition(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

// src/engine/testcode.ts
var import_ignore = __toESM(require_ignore(), 1);
var DEFAULT_TEST_PATHS = [
  "tests/",
  "test/",
  "testing/",
  "*_tests/",
  "*-tests/",
  "test_*.py",
  "*_test.py",
  "conftest.py"
];
function testFileMatcher(patterns) {
  const ig = (0, import_ignore.default)().add([...patterns]);
  return (rel) => rel !== "" && !rel.startsWith("../") && !rel.startsWith("/") && ig.ignores(rel);
}
var defaultTestFiles = testFileMatcher(DEFAULT_TEST_PATHS);
function testCodePolicy(rule) {
  return rule.testCode ?? "report";
}
function reportsIn(rule, inTests, isTest) {
  const policy = testCodePolicy(rule);
  return isTest ? inTests ?? policy !== "ignore" : policy !== "only";
}
function describeTestCodePolicy(policy) {
  switch (policy) {
    case "report":
      return "reported in test code too";
    case "ignore":
      return "not reported in test code";
    case "only":
      return "reported only in test code";
  }
}
var TIMEOUT_MARK = /\bmark\s*\.\s*timeout\s*\(/;
function inTimedTest(model, ancestors) {
  if (!model.file.isTest) return false;
  for (const a of ancestors) {
    if ((a.type === "function_definition" || a.type === "class_definition") && model.decoratorsOf(a.node).some((d) => TIMEOUT_MARK.test(d))) return true;
  }
  const marks = model.moduleValueText("pytestmark");
  return marks !== null && TIMEOUT_MARK.test(marks);
}

// src/engine/messages.ts
var SHUTDOWN_WORD = /^_*(?:shutdown|stop|stopped|sentinel|poison|poison_?pill|done|eof|end|exit|quit|terminate)_*$/i;
var SHUTDOWN_CLASS = /Shutdown|Stop|Sentinel|Poison/;
var TYPE_KEYS = /* @__PURE__ */ new Set(["msg_type", "type", "kind", "command", "cmd", "action"]);
function unquote(node) {
  if (node.type !== "string") return null;
  const content = node.namedChildren.filter((c) => c?.type === "string_content");
  return content.length === 1 && node.namedChildren.length === 3 ? content[0].text : null;
}
function isShutdownMessage(message) {
  switch (message.type) {
    case "none":
      return true;
    case "identifier":
    case "attribute": {
      const last = message.type === "attribute" ? message.childForFieldName("attribute")?.text ?? "" : message.text;
      return /^_*[A-Z][A-Z0-9_]*$/.test(last) || SHUTDOWN_CLASS.test(last);
    }
    case "string": {
      const text = unquote(message);
      return text !== null && SHUTDOWN_WORD.test(text);
    }
    case "tuple": {
      const first = message.namedChild(0);
      return first !== null && isShutdownMessage(first);
    }
    case "dictionary":
      return message.namedChildren.some((pair) => {
        if (pair?.type !== "pair") return false;
        const key = pair.childForFieldName("key");
        const value = pair.childForFieldName("value");
        const keyText = key ? unquote(key) : null;
        const valueText = value ? unquote(value) : null;
        return keyText !== null && TYPE_KEYS.has(keyText) && valueText !== null && SHUTDOWN_WORD.test(valueText);
      });
    case "call": {
      const fn = message.childForFieldName("function");
      const last = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : fn?.text;
      if (last && SHUTDOWN_CLASS.test(last)) return true;
      for (const key of TYPE_KEYS) {
        const value = argument(message, key);
        const text = value ? unquote(value) : null;
        if (text !== null && SHUTDOWN_WORD.test(text)) return true;
      }
      return false;
    }
    default:
      return false;
  }
}

// src/engine/channels.ts
var QUEUE_OPS = /* @__PURE__ */ new Set(["put", "put_nowait", "get", "get_nowait"]);
var PIPE_OPS = /* @__PURE__ */ new Set(["send", "recv"]);
var EVENT_OPS = /* @__PURE__ */ new Set(["set", "wait", "is_set"]);
var LIFECYCLE = /* @__PURE__ */ new Set(["start", "join", "terminate", "kill"]);
var SUBMITS = /* @__PURE__ */ new Set(["map", "imap", "imap_unordered", "starmap", "map_async", "starmap_async", "apply", "apply_async", "submit"]);
var OP_METHODS = /* @__PURE__ */ new Set([...QUEUE_OPS, ...PIPE_OPS, ...EVENT_OPS, ...LIFECYCLE, ...SUBMITS]);
var WORKER_KINDS = /* @__PURE__ */ new Set(["process", "thread", "pool"]);
var QUEUE_KINDS = /* @__PURE__ */ new Set(["queue", "simple-queue"]);
var SHARED_MEMORY = /* @__PURE__ */ new Set(["multiprocessing.shared_memory.SharedMemory", "shared_memory.SharedMemory"]);
var CONSTRUCTORS = /(?:Queue|Pipe|Event|SharedMemory|Process|Thread|Pool|Executor|spawn|start_processes)$/;
var CHANNEL_VOCABULARY = /Queue|Pipe|Connection|Event|queue|\bq_|_q\b|\bq\b|(?:\b|_)(?:stop|shutdown|done|exit|quit|event|evt|finished|terminate)(?:\b|_)/;
var HINTS = {
  queue: /^(?:q|queue|\w+_q|\w+_queue|q_\w+|queue_\w+)$/,
  event: /(?:^|_)(?:stop|shutdown|done|exit|quit|event|evt|finished|terminate)(?:_|$)/
};
function summariseChannels(model, text, locate) {
  const mayHandOn = CHANNEL_VOCABULARY.test(text);
  const lines2 = (node) => {
    const l = locate(node.startIndex, node.endIndex);
    return [l.line, l.endLine];
  };
  const atOf = /* @__PURE__ */ new Map();
  const at = (node) => {
    const start = node.startIndex;
    let key = atOf.get(start);
    if (key === void 0) {
      const l = locate(start, start);
      atOf.set(start, key = `=${l.line}:${l.column}`);
    }
    return key;
  };
  const scopes = [
    { fn: null, qname: "", params: [] },
    ...model.functions.map((f) => ({ fn: f.capture.node, qname: f.qname, get params() {
      return model.parameterNames(f.capture.node);
    } }))
  ];
  const made = /* @__PURE__ */ new Map();
  const workers = /* @__PURE__ */ new Map();
  const uses = {};
  const known = /* @__PURE__ */ new Set();
  const use = (scope) => uses[scope.qname] ??= { lines: scope.fn ? lines2(scope.fn) : [1, 1] };
  for (const scope of scopes) {
    model.flow.forEachCall(scope.fn, (call, ancestors) => {
      const parts = model.calleeParts(call);
      const last = parts?.at(-1) ?? model.methodCall(call)?.method ?? "";
      if (!CONSTRUCTORS.test(last)) return;
      const channel = channelKind(model, call, ancestors, last);
      if (channel) {
        const maxsize = channel === "queue" || channel === "joinable-queue" || channel === "manager-queue" ? argument(call, "maxsize", 0) : null;
        const ch = { at: at(call), scope: scope.qname, holders: holdersOf(call), kind: channel, via: parts?.join(".") ?? last, lines: lines2(call) };
        if (maxsize) ch.maxsize = maxsize.text;
        made.set(ch.at, ch);
        return;
      }
      if (!WORKER_KINDS.has(model.kindOf(call, ancestors))) return;
      const kind = model.kindOf(call, ancestors);
      const site = { at: at(call), scope: scope.qname, kind, callee: parts?.join(".") ?? last, args: [], lines: lines2(call) };
      const holder = holdersOf(call)[0];
      if (holder) site.holder = holder;
      workers.set(site.at, site);
    });
  }
  const madeAt = (nodes, table) => nodes.map((c) => at(c.call)).find((a) => table.has(a));
  const refOf = (node, ancestors, scope) => {
    if (node.type === "call") return made.has(at(node)) ? at(node) : "?";
    if (node.type !== "identifier" && node.type !== "attribute") return null;
    const built = madeAt(model.constructionsOf(node, ancestors), made);
    if (built) return built;
    const text2 = node.text.replace(/\s+/g, "");
    if (node.type === "identifier") {
      const key = model.bindingKey(text2, ancestors);
      const global = key?.startsWith("-1:") ?? true;
      const pipe = [...made.values()].find((m) => m.holders.includes(text2) && (m.scope === scope.qname || global && m.scope === ""));
      if (pipe) return pipe.at;
      if (scope.fn) {
        const slot2 = scope.params.indexOf(text2);
        if (slot2 >= 0 && key?.startsWith(`${scope.fn.id}:`)) return `#${slot2}`;
      }
      if (global) {
        if (!model.isBound(text2, ancestors)) return null;
        const q = model.qualifiedName(node, ancestors);
        return q && q !== text2 ? `@${q}` : `@${model.file.module}.${text2}`;
      }
      return "?";
    }
    return /^\w+\.\w+$/.test(text2) && scope.fn && text2.startsWith(`${scope.params[0]}.`) ? `self.${text2.slice(text2.indexOf(".") + 1)}` : null;
  };
  const channelish = (node, ancestors) => {
    const kind = model.kindOf(node, ancestors, HINTS);
    return kind === "queue" || kind === "simple-queue" || kind === "pipe" || kind === "event";
  };
  const handed2 = (items, ancestors, scope, strict) => items.flatMap(({ item, slot: slot2 }) => {
    if (item.type !== "identifier" && item.type !== "attribute" && item.type !== "call") return [];
    if (strict && made.size === 0 && (item.type === "call" || !channelish(item, ancestors))) return [];
    const ref = refOf(item, ancestors, scope);
    if (ref === null || strict && ref === "?") return [];
    if (strict && !ref.startsWith("=") && !channelish(item, ancestors)) return [];
    return [[slot2, ref, item.text.length > 40 ? "channel" : item.text]];
  });
  for (const scope of scopes) {
    model.flow.forEachCall(scope.fn, (call, ancestors) => {
      const site = workers.get(at(call));
      if (site && site.kind !== "pool") {
        const targeted = model.targetArguments(call, ancestors);
        if (targeted) {
          site.target = targeted.qname;
          site.args = handed2(targeted.args, ancestors, scope, false);
        } else if (isProjectClassCall(model, call, ancestors)) {
          site.kind = "class";
          site.callee = model.projectCallee(call, ancestors);
          known.add(site.at);
          handoffOf(model, call, ancestors, scope, handed2, workers, at, lines2, use);
        }
        return;
      }
      if (made.has(at(call))) return;
      const method = model.methodCall(call);
      if (method && OP_METHODS.has(method.method)) {
        const op = opOf(model, call, method.method, method.receiver, ancestors, scope, refOf, handed2, workers, made, at);
        if (op) {
          op.lines = lines2(call);
          (use(scope).ops ??= []).push(op);
          return;
        }
      }
      if (mayHandOn) handoffOf(model, call, ancestors, scope, handed2, workers, at, lines2, use);
    });
    if (scope.fn && model.nameOf(scope.fn) === "__init__") initFacts(scope, use);
  }
  for (const [name, facts] of Object.entries(uses)) if (!facts.ops && !facts.calls && !facts.attrs) delete uses[name];
  const lifecycled = new Set(Object.values(uses).flatMap((u) => (u.ops ?? []).filter((o) => LIFECYCLE.has(o.op)).map((o) => o.on)));
  for (const [key, site] of workers) if (site.kind === "class" && !known.has(key) && !lifecycled.has(key) && site.args.length === 0) workers.delete(key);
  if (made.size === 0 && workers.size === 0 && Object.keys(uses).length === 0) return void 0;
  return { made: [...made.values()], workers: [...workers.values()], uses };
}
function channelKind(model, call, ancestors, last) {
  const callee = model.calleeName(call, ancestors) ?? "";
  if (SHARED_MEMORY.has(callee) || last === "SharedMemory" && callee.endsWith("shared_memory.SharedMemory")) return "shared-memory";
  const kind = model.kindOf(call, ancestors);
  if (kind === "pipe-pair") return "pipe";
  if (kind === "event") return callee.startsWith("asyncio.") ? null : "event";
  if (kind === "simple-queue") return "simple-queue";
  if (kind !== "queue") return null;
  const receiver = model.methodCall(call)?.receiver;
  if (receiver && model.kindOf(receiver, ancestors) === "manager") return "manager-queue";
  if (receiver?.type === "call" && model.kindOf(receiver, ancestors) === "manager") return "manager-queue";
  return last === "JoinableQueue" ? "joinable-queue" : "queue";
}
function holdersOf(call) {
  let node = call;
  while (node.parent?.type === "parenthesized_expression") node = node.parent;
  const parent = node.parent;
  if (parent?.type !== "assignment" || parent.childForFieldName("right")?.id !== node.id) {
    if (parent?.type === "as_pattern") {
      const alias = parent.childForFieldName("alias");
      return alias ? [alias.text] : [];
    }
    return [];
  }
  const left = parent.childForFieldName("left");
  if (!left) return [];
  if (left.type === "identifier" || left.type === "attribute") return [left.text.replace(/\s+/g, "")];
  if (left.type === "pattern_list" || left.type === "tuple_pattern") return left.namedChildren.flatMap((n) => n && (n.type === "identifier" || n.type === "attribute") ? [n.text.replace(/\s+/g, "")] : []);
  return [];
}
function opOf(model, call, method, receiver, ancestors, scope, refOf, handed2, workers, made, at) {
  const text = receiver.text.replace(/\s+/g, "");
  const shown = text.length > 40 ? "channel" : text;
  const positional = positionalArguments(call);
  if (LIFECYCLE.has(method)) {
    if (positional.length > (method === "join" ? 1 : 0)) return null;
    const built = model.constructionsOf(receiver, ancestors).map((c) => ({ c, key: at(c.call) }));
    let found = built.find(({ key }) => workers.has(key))?.key;
    if (!found) {
      const cls = built.find(({ c }) => isProjectClassCall(model, c.call, c.scope));
      if (!cls) return null;
      found = cls.key;
      workers.set(found, classSite(model, cls.c.call, cls.c.scope, found, scope));
    }
    return { op: method, on: found, text: shown, lines: [0, 0] };
  }
  if (SUBMITS.has(method)) {
    if (model.kindOf(receiver, ancestors) !== "pool") return null;
    const built = model.constructionsOf(receiver, ancestors).map((c) => at(c.call)).find((key) => workers.get(key)?.kind === "pool");
    const fn = positional[0];
    const target = fn ? model.qualifiedName(fn, ancestors) : null;
    if (!built || !target) return null;
    let items = [];
    if (method === "submit") items = positional.slice(1).map((item, i) => ({ item, slot: i }));
    else if (method === "apply" || method === "apply_async") {
      const tuple = argument(call, "args", 1);
      if (tuple && (tuple.type === "tuple" || tuple.type === "list")) items = tuple.namedChildren.flatMap((item, i) => item ? [{ item, slot: i }] : []);
    }
    return { op: "submit", on: built, text: shown, target, args: handed2(items, ancestors, scope, false), lines: [0, 0] };
  }
  const queueOp = QUEUE_OPS.has(method);
  if (!queueOp && !PIPE_OPS.has(method) && !EVENT_OPS.has(method)) return null;
  const kind = model.kindOf(receiver, ancestors, HINTS);
  const ref = refOf(receiver, ancestors, scope);
  if (ref === null) return null;
  const madeKind = made.get(ref)?.kind;
  if (queueOp) {
    const isQueue = QUEUE_KINDS.has(kind) || madeKind !== void 0 && madeKind !== "pipe" && madeKind !== "event" && madeKind !== "shared-memory";
    if (!isQueue && (kind !== null || !ref.startsWith("#") && !ref.startsWith("self."))) return null;
    if (method === "put" || method === "put_nowait") {
      const message = positional[0] ?? argument(call, "obj") ?? argument(call, "item");
      if (!message) return null;
      return withMessage({ op: "put", on: ref, text: shown, lines: [0, 0] }, model, message, ancestors, call.startIndex);
    }
    if (!isQueue && positional.some((a) => !/^(?:True|False|\d+(?:\.\d*)?)$/.test(a.text))) return null;
    const op2 = { op: "get", on: ref, text: shown, lines: [0, 0] };
    if (method === "get_nowait" || cannotBlock(call)) op2.timeout = true;
    return op2;
  }
  if (PIPE_OPS.has(method)) {
    if (kind !== "pipe" && madeKind !== "pipe") return null;
    if (method === "send") {
      const message = positional[0];
      return message ? withMessage({ op: "send", on: ref, text: shown, lines: [0, 0] }, model, message, ancestors, call.startIndex) : null;
    }
    return positional.length === 0 ? { op: "recv", on: ref, text: shown, lines: [0, 0] } : null;
  }
  if (kind !== "event" && madeKind !== "event") return null;
  if (method === "set") return positional.length === 0 ? { op: "set", on: ref, text: shown, lines: [0, 0] } : null;
  const op = { op: "wait", on: ref, text: shown, lines: [0, 0] };
  if (method === "is_set" || positional.length > 0 || argument(call, "timeout")) op.timeout = true;
  return op;
}
function cannotBlock(call) {
  const block = argument(call, "block", 0);
  const timeout = argument(call, "timeout", 1);
  return block !== null && /^(?:False|0)$/.test(block.text) || timeout !== null && timeout.type !== "none";
}
function withMessage(op, model, message, ancestors, at) {
  const type = messageType(model, message, ancestors, at, 0);
  op.message = type.name;
  if (type.pill) op.pill = true;
  return op;
}
function messageType(model, node, ancestors, at, depth) {
  const name = messageName(model, node, ancestors);
  if (isShutdownMessage(node)) return { name, pill: true };
  if (name === "?" && node.type === "identifier" && depth === 0) {
    const value = model.valueBefore(node, ancestors, at);
    if (value) return messageType(model, value, ancestors, at, depth + 1);
  }
  return { name };
}
var LITERAL_TYPES = {
  none: "None",
  dictionary: "dict",
  dictionary_comprehension: "dict",
  string: "str",
  concatenated_string: "str",
  integer: "int",
  float: "float",
  true: "bool",
  false: "bool",
  tuple: "tuple",
  list: "list",
  list_comprehension: "list"
};
function messageName(model, node, ancestors) {
  const literal = LITERAL_TYPES[node.type];
  if (literal) return literal;
  if (node.type === "call") {
    const last = model.calleeName(node, ancestors)?.split(".").pop() ?? "";
    return last === "dict" || /^[A-Z]/.test(last) ? last : "?";
  }
  if (node.type === "identifier" || node.type === "attribute") {
    const last = node.type === "attribute" ? node.childForFieldName("attribute")?.text ?? "" : node.text;
    if (isShutdownMessage(node)) return last;
  }
  return "?";
}
function isProjectClassCall(model, call, ancestors) {
  const parts = model.calleeParts(call);
  const last = parts?.at(-1) ?? "";
  if (!/^[A-Z]/.test(last) || !/[a-z]/.test(last)) return false;
  const callee = model.projectCallee(call, ancestors);
  return callee !== null && !isExternalCallee(callee, model.file.module);
}
function classSite(model, call, ancestors, key, scope) {
  const callee = model.projectCallee(call, ancestors);
  const l = key.slice(1).split(":").map(Number);
  const site = { at: key, scope: scope.qname, kind: "class", callee, args: [], lines: [l[0], l[0]] };
  const holder = holdersOf(call)[0];
  if (holder) site.holder = holder;
  return site;
}
function handoffOf(model, call, ancestors, scope, handed2, workers, at, lines2, use) {
  const callee = model.projectCallee(call, ancestors);
  if (callee === null || isExternalCallee(callee, model.file.module)) return;
  const args = call.childForFieldName("arguments");
  if (args?.type !== "argument_list" || args.namedChildCount === 0) return;
  const cls = isProjectClassCall(model, call, ancestors);
  const parts = model.calleeParts(call);
  const bound = !cls && parts !== null && parts.length > 1 && scope.params.length > 0 && parts[0] === scope.params[0] && model.methodCall(call) !== null;
  const offset = bound || cls ? 1 : 0;
  const items = [];
  let index = 0;
  for (const arg of args.namedChildren) {
    if (!arg || arg.type === "comment" || arg.type === "list_splat" || arg.type === "dictionary_splat") continue;
    if (arg.type === "keyword_argument") {
      const value = arg.childForFieldName("value");
      const name = arg.childForFieldName("name")?.text;
      if (value && name) items.push({ item: value, slot: name });
      continue;
    }
    items.push({ item: arg, slot: index + offset });
    index++;
  }
  const given = handed2(items, ancestors, scope, true);
  if (given.length === 0) return;
  if (cls) {
    const key = at(call);
    const site = workers.get(key) ?? classSite(model, call, ancestors, key, scope);
    site.args = given;
    site.lines = lines2(call);
    workers.set(key, site);
    return;
  }
  (use(scope).calls ??= []).push({ callee, args: given, lines: lines2(call) });
}
function initFacts(scope, use) {
  const fn = scope.fn;
  const { params } = scope;
  const self = params[0];
  const body = fn.childForFieldName("body");
  if (!self || !body) return;
  const attrs = {};
  for (const statement of body.namedChildren) {
    const assignment = statement?.type === "expression_statement" ? statement.namedChild(0) : null;
    if (assignment?.type !== "assignment") continue;
    const left = assignment.childForFieldName("left");
    const right = assignment.childForFieldName("right");
    if (left?.type !== "attribute" || right?.type !== "identifier" || left.childForFieldName("object")?.text !== self) continue;
    const slot2 = params.indexOf(right.text);
    const attr = left.childForFieldName("attribute")?.text;
    if (slot2 > 0 && attr) attrs[attr] = slot2;
  }
  if (Object.keys(attrs).length === 0) return;
  const facts = use(scope);
  facts.attrs = attrs;
  facts.params = [...params];
}

// src/engine/analyze.ts
var ALWAYS_CAPTURED = /* @__PURE__ */ new Set([...MODEL_NODE_TYPES, ...CONTAINER_TYPES]);
function blanked(text, ranges) {
  let out = "";
  let at = 0;
  for (const r of ranges) {
    out += text.slice(at, r.start) + text.slice(r.start, r.end).replace(/[^\n]/g, " ");
    at = r.end;
  }
  return out + text.slice(at);
}
function merged(good, broken) {
  const summary2 = good.summary && broken.summary ? {
    ...good.summary,
    suppressions: {
      lines: { ...good.summary.suppressions.lines, ...broken.summary.suppressions.lines },
      file: good.summary.suppressions.file ?? broken.summary.suppressions.file,
      directives: [...good.summary.suppressions.directives, ...broken.summary.suppressions.directives].sort((a, b) => a.line - b.line)
    }
  } : good.summary;
  return { findings: [...good.findings, ...broken.findings], summary: summary2, errors: [...good.errors, ...broken.errors] };
}
function calleeIndex(handlers) {
  const exact = /* @__PURE__ */ new Map();
  const suffixes = [];
  for (const h of handlers) {
    for (const pattern of h.callees) {
      if (pattern.startsWith("*")) suffixes.push([pattern.slice(1), h]);
      else {
        const list = exact.get(pattern);
        if (list) list.push(h);
        else exact.set(pattern, [h]);
      }
    }
  }
  const none = [];
  return {
    size: handlers.length,
    lookup(names2) {
      let found;
      for (const name of names2) {
        for (const h of exact.get(name) ?? none) if (!found?.includes(h)) (found ??= []).push(h);
        for (const [suffix, h] of suffixes) if (name.endsWith(suffix) && !found?.includes(h)) (found ??= []).push(h);
      }
      if (!found) return none;
      return found.length > 1 ? handlers.filter((h) => found.includes(h)) : found;
    }
  };
}
var FileAnalyzer = class {
  /**
   * @param configKey identifies the rule set and its options, for cache keys
   */
  constructor(rules, cache2, configKey) {
    this.rules = rules;
    this.cache = cache2;
    this.configKey = configKey;
  }
  rules;
  cache;
  configKey;
  typesFor(extraTypes) {
    return [.../* @__PURE__ */ new Set([...ALWAYS_CAPTURED, ...extraTypes])].sort();
  }
  /** Lints (or, with `report: false`, only summarises) one file: from the cache when its content is known. */
  async run(job) {
    const prepared = this.prepare(job);
    if ("outcome" in prepared) return prepared.outcome;
    const { bytes, shown, module, isPackage, cacheKey, fail } = prepared;
    if (job.floor) return this.floor(bytes, job);
    const outcome2 = await this.analyseBytes(bytes, job, shown, module, isPackage, fail);
    if (cacheKey && !outcome2.errors.some((e) => e.internal)) this.cache.set(cacheKey, outcome2);
    return outcome2;
  }
  /** Reads and hashes a job: its outcome when that is already known (cached, unreadable), else what analysis needs. */
  prepare(job) {
    const shown = displayPath(job.abs, job.cwd);
    const fail = (message) => ({ findings: [], summary: null, errors: job.report ? [{ path: shown, message }] : [] });
    let bytes;
    if (job.text !== void 0) {
      bytes = Buffer.from(job.text, "utf8");
    } else {
      const read = readRegularFile(job.abs, readLimit(job.abs, job.maxFileSize));
      if (!read.ok) return { outcome: fail(read.refused ? `${read.reason}; skipped` : read.reason) };
      bytes = read.bytes;
    }
    const { module, isPackage } = moduleNameFor(job.abs, job.root);
    const cacheKey = job.floor ? void 0 : this.cache?.key([this.configKey, job.report ? "lint" : "summary", job.test ? "test" : "code", job.root, shown, module, String(isPackage), String(job.maxFileSize)], bytes);
    const cached = cacheKey ? this.cache.get(cacheKey, asFileOutcome) : void 0;
    return cached ? { outcome: cached } : { bytes, shown, module, isPackage, cacheKey, fail };
  }
  async floor(bytes, job) {
    const decoded = decodeSource(bytes, readLimit(job.abs, job.maxFileSize));
    if (decoded.ok) {
      const { parser } = await loadPython();
      const tree = parse(parser, decoded.text);
      if (job.floor === "walk") collectCaptures(tree.rootNode, ["module"]);
      tree.delete();
    }
    return { findings: [], summary: null, errors: [] };
  }
  async analyseBytes(bytes, job, shown, module, isPackage, fail) {
    let text;
    if (job.text !== void 0) text = job.text;
    else {
      const decoded = decodeSource(bytes, readLimit(job.abs, job.maxFileSize));
      if (!decoded.ok) return fail(decoded.reason);
      text = decoded.text;
    }
    const { parser } = await loadPython();
    const aliases = moduleAliases(job.abs, job.root, module);
    const analyseText = (source, tree = parse(parser, source)) => {
      try {
        return this.analyse(tree.rootNode, source, { path: shown, module, source, isTest: job.test === true }, isPackage, job.report, aliases);
      } finally {
        tree.delete();
      }
    };
    try {
      if (!isNotebookPath(job.abs)) return analyseText(text);
      const notebook2 = readNotebook(text);
      if (!notebook2.ok) return fail(notebook2.reason);
      const { python, map } = notebook2;
      const size = Buffer.byteLength(python, "utf8");
      if (size > job.maxFileSize) return fail(`its code cells are ${formatSize(size)}, larger than max-file-size (${formatSize(job.maxFileSize)}); skipped`);
      return { ...this.analyseCells(parser, python, map, analyseText), notebook: map };
    } catch (error) {
      return fail(`could not be parsed: ${error.message}`);
    }
  }
  /**
   * A notebook's module. A cell that does not parse would make the rest of the module a tree of
   * errors, so when the whole does not parse, the cells that do not parse alone are blanked (no
   * position moves) and the rest analysed as one module; the broken cells are analysed on their
   * own (the others blanked), for their syntax errors and whatever can still be seen in them.
   */
  analyseCells(parser, python, map, analyseText) {
    const whole = parse(parser, python);
    if (!whole.rootNode.hasError) return analyseText(python, whole);
    const broken = map.cells.filter((c) => {
      const alone = parse(parser, python.slice(c.start, c.end));
      try {
        return alone.rootNode.hasError;
      } finally {
        alone.delete();
      }
    });
    if (broken.length === 0 || broken.length === map.cells.length) return analyseText(python, whole);
    whole.delete();
    const good = analyseText(blanked(python, broken));
    return merged(good, analyseText(blanked(python, map.cells.filter((c) => !broken.includes(c)))));
  }
  analyse(root, text, file, isPackage, report, aliases) {
    const { path: shown, module } = file;
    const lines2 = new LineIndex(text);
    const model = new SemanticModel({ module, isPackage, source: text, isTest: file.isTest });
    const records = {};
    const findings = [];
    const errors = [];
    const handlers = /* @__PURE__ */ new Map();
    const exitHandlers = /* @__PURE__ */ new Map();
    let ancestors = [];
    const failed = /* @__PURE__ */ new Set();
    const internal = (rule, error) => {
      if (failed.has(rule)) return;
      failed.add(rule);
      const detail = error instanceof Error ? error.message : String(error);
      errors.push({ path: shown, message: `internal error in rule ${rule.rule.code} (${rule.rule.name}): ${detail}`, internal: true });
    };
    for (const configured of this.rules) {
      const { rule } = configured;
      if (!rule.project && !(report && reportsIn(rule, configured.inTests, file.isTest))) continue;
      const ctx = {
        options: configured.options,
        file,
        model,
        get ancestors() {
          return ancestors;
        },
        report: (r) => {
          if (!report) return;
          const span = r.span ?? { start: r.node?.startIndex ?? 0, end: r.node?.endIndex ?? 0 };
          findings.push(findingOf(configured, shown, lines2.locate(span.start, span.end), r, r.fix ?? null));
        },
        locate: (node) => lines2.locate(node.startIndex, node.endIndex),
        record: (data) => {
          (records[rule.code] ??= []).push(data);
        }
      };
      let visitors;
      try {
        visitors = rule.create(ctx);
      } catch (error) {
        internal(configured, error);
        continue;
      }
      for (const [key, visit] of Object.entries(visitors)) {
        const exit = key.endsWith(":exit");
        const type = exit ? key.slice(0, -5) : key;
        if (!isNodeType(root.tree.language, type)) {
          throw new Error(`rule ${rule.code} (${rule.name}) listens to '${key}', which is not a tree-sitter-python node type`);
        }
        const table = exit ? exitHandlers : handlers;
        let list = table.get(type);
        if (!list) table.set(type, list = []);
        const pattern = exit ? void 0 : rule.textTriggers?.[type];
        const callees = !exit && type === "call" ? rule.callees : void 0;
        list.push({ rule: configured, visit, ...pattern ? { trigger: matchStarts(text, pattern) } : {}, ...callees ? { callees } : {} });
      }
    }
    const fromText = new Map(
      [...handlers].filter(([type, list]) => !ALWAYS_CAPTURED.has(type) && !exitHandlers.has(type) && list.every((h) => h.trigger))
    );
    let captures = collectCaptures(root, this.typesFor([...handlers.keys(), ...exitHandlers.keys()].filter((t) => !fromText.has(t))));
    for (const [type, list] of fromText) {
      const starts = [...new Set(list.flatMap((h) => h.trigger))].sort((a, b) => a - b);
      captures = mergeCaptures(captures, nodesContaining(root, starts, type));
    }
    const containers = new Set(CONTAINER_TYPES);
    for (const t of exitHandlers.keys()) containers.add(t);
    model.indexCalls(captures);
    const modelTypes = new Set(MODEL_NODE_TYPES);
    const processCalls = [];
    sweep(captures, containers, {
      enter(capture, stack) {
        if (!modelTypes.has(capture.type)) return;
        model.enter(capture, stack);
        if (capture.type === "call" && model.mayConstructProcess(capture.node)) processCalls.push({ node: capture.node, ancestors: stack });
      }
    });
    model.finish(processCalls);
    if (handlers.size > 0 || exitHandlers.size > 0) {
      const run = (handler, capture) => {
        const { rule, visit, trigger } = handler;
        if (failed.has(rule)) return;
        if (trigger && !containsMatch(trigger, capture.start, capture.end)) return;
        try {
          visit(capture.node);
        } catch (error) {
          internal(rule, error);
        }
      };
      const calls = handlers.get("call") ?? [];
      const everyCall = calls.filter((h) => !h.callees);
      const byName = calleeIndex(calls.filter((h) => h.callees));
      const dispatch = (table, capture, stack) => {
        ancestors = stack;
        if (table === handlers && capture.type === "call") {
          for (const h of everyCall) run(h, capture);
          if (byName.size > 0) for (const h of byName.lookup(model.calleeLastNames(capture.node))) run(h, capture);
          return;
        }
        const list = table.get(capture.type);
        if (list) for (const h of list) run(h, capture);
      };
      sweep(captures, containers, {
        enter: (capture, stack) => dispatch(handlers, capture, stack),
        exit: (container, stack) => dispatch(exitHandlers, container, stack)
      });
    }
    const channels2 = summariseChannels(model, text, (start, end) => lines2.locate(start, end));
    const summary2 = {
      path: shown,
      module,
      isPackage,
      test: file.isTest,
      aliases,
      imports: Object.fromEntries(model.moduleImports),
      classes: model.classes.map((c) => {
        const name = c.node.childForFieldName("name") ?? c.node;
        return { name: c.name, qname: c.qname, bases: c.bases, metaclass: c.metaclass, location: lines2.locate(name.startIndex, name.endIndex) };
      }),
      processTargets: model.processTargets,
      functions: summariseFunctions(model),
      ...model.execution.startMethods.length > 0 ? { startMethods: model.execution.startMethods } : {},
      ...channels2 ? { channels: channels2 } : {},
      suppressions: collectSuppressions(root, text),
      records
    };
    return { findings, summary: summary2, errors };
  }
};

// src/engine/pool.ts
import { existsSync as existsSync2 } from "node:fs";
import { fileURLToPath as fileURLToPath2 } from "node:url";
import { Worker } from "node:worker_threads";
var WORKER_URL = new URL("./worker.js", import.meta.url);
function workersAvailable() {
  return existsSync2(fileURLToPath2(WORKER_URL));
}
async function runInWorkers(size, init, jobs, order = jobs.map((_, i) => i)) {
  const results = new Array(jobs.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(size, jobs.length) }, () => new Worker(WORKER_URL));
  try {
    await Promise.all(
      workers.map(
        (worker) => new Promise((resolve, reject) => {
          let inFlight = 0;
          const feed = () => {
            while (inFlight < 2 && next < order.length) {
              const id = order[next++];
              inFlight++;
              worker.postMessage({ type: "job", id, job: jobs[id] });
            }
            if (inFlight === 0) resolve();
          };
          worker.on("message", (reply) => {
            inFlight--;
            results[reply.id] = "error" in reply ? new Error(reply.error) : reply.outcome;
            feed();
          });
          worker.on("error", reject);
          worker.on("exit", (code) => {
            if (inFlight > 0) reject(new Error(`lint worker exited with code ${code} while linting`));
          });
          worker.postMessage({ type: "init", init });
          feed();
        })
      )
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

// src/engine/v8tune.ts
import { setFlagsFromString } from "node:v8";
var INTERRUPT_BUDGET = 4e5;
var tuned = false;
function tuneForBatch() {
  if (tuned || process.env["PYTEAM_LINT_NO_V8_TUNING"] === "1") return;
  tuned = true;
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}

// src/engine/lint.ts
var UNUSED_NOQA = "PTL002";
var MIN_FILES_PER_WORKER = 8;
function findingOf(configured, file, location2, report, fix2) {
  const { rule } = configured;
  const template = rule.messages[report.messageId];
  if (template === void 0) throw new Error(`unknown message id '${report.messageId}'`);
  return {
    code: rule.code,
    name: rule.name,
    agent: rule.agent,
    severity: configured.severity,
    path: file,
    ...location2,
    message: renderMessage(template, report.data),
    fix: fix2
  };
}
function displayPath(abs, cwd) {
  const rel = path2.relative(cwd, abs);
  return (rel === "" ? path2.basename(abs) : rel).split(path2.sep).join("/");
}
var Linter = class _Linter {
  constructor(rules, options) {
    this.rules = rules;
    this.options = options;
    this.configKey = createHash2("sha256").update(JSON.stringify(rules.map((r) => [r.rule.code, r.severity, r.options, r.inTests ?? null]))).digest("hex");
    this.analyzer = new FileAnalyzer(rules, options.cache, this.configKey);
  }
  rules;
  options;
  analyzer;
  configKey;
  /** Nothing heavy happens here: the grammar loads on the first file that is not in the cache. */
  static async create(rules, options = {}) {
    tuneForBatch();
    return new _Linter(rules, options);
  }
  async lint(request) {
    const linted = [...new Set(request.files)].sort();
    const base = { root: request.root, cwd: request.cwd, maxFileSize: request.maxFileSize };
    const isTestFile = request.isTestFile ?? defaultTestFiles;
    const testOf = (abs) => isTestFile(path2.relative(request.root, abs).split(path2.sep).join("/")) ? { test: true } : {};
    const textOf = (abs) => {
      if (request.stdin && request.stdin.path === abs) return { text: request.stdin.text };
      const text = request.texts?.get(abs);
      return text === void 0 ? {} : { text };
    };
    const jobs = linted.map((abs) => ({ abs, report: true, ...base, ...testOf(abs), ...textOf(abs) }));
    const hasProjectRules = this.rules.some((r) => r.rule.project && r.rule.code !== UNUSED_NOQA);
    if (hasProjectRules) {
      const seen = new Set(linted);
      for (const abs of [...new Set(request.indexOnly ?? [])].sort()) if (!seen.has(abs)) jobs.push({ abs, report: false, ...base, ...testOf(abs), ...textOf(abs) });
    }
    const results = await this.execute(jobs);
    const outcomes = /* @__PURE__ */ new Map();
    const summaries = [];
    results.forEach((outcome2, i) => {
      if (jobs[i].report) outcomes.set(jobs[i].abs, outcome2);
      if (outcome2.summary) summaries.push(outcome2.summary);
    });
    summaries.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    const findings = [];
    const errors = [];
    for (const o of outcomes.values()) {
      findings.push(...o.findings);
      errors.push(...o.errors);
    }
    let index;
    const indexOf = () => index ??= new ProjectIndex(summaries);
    if (hasProjectRules) findings.push(...this.runProjectRules(summaries, indexOf, errors));
    const reported = /* @__PURE__ */ new Map();
    for (const abs of linted) {
      const s = outcomes.get(abs)?.summary;
      if (s) reported.set(s.path, s);
    }
    const byCode = new Map(this.rules.map((r) => [r.rule.code, r]));
    const ignored = request.ignoredCodesFor ? this.perFileIgnores(request, linted) : void 0;
    const used = /* @__PURE__ */ new Map();
    const kept = findings.filter((f) => {
      const summary2 = reported.get(f.path);
      if (!summary2) return false;
      const configured = byCode.get(f.code);
      if (configured && !reportsIn(configured.rule, configured.inTests, summary2.test)) return false;
      if (ignored?.get(f.path)?.has(f.code)) return false;
      if (request.ignoreNoqa) return true;
      const by = suppressingDirective(summary2.suppressions, f.code, f.line);
      if (!by) return true;
      const codes2 = used.get(by);
      if (codes2) codes2.add(f.code);
      else used.set(by, /* @__PURE__ */ new Set([f.code]));
      return false;
    });
    const auditor = request.ignoreNoqa ? void 0 : byCode.get(UNUSED_NOQA);
    if (auditor?.rule.project) {
      const audits = await this.auditSuppressions(reported, used, byCode, ignored, auditor);
      if (audits.length > 0) kept.push(...this.runProjectRule(auditor, indexOf, () => audits, errors));
    }
    const notebooks = /* @__PURE__ */ new Map();
    for (const o of outcomes.values()) if (o.notebook && o.summary) notebooks.set(o.summary.path, o.notebook);
    const placed = notebooks.size === 0 ? kept : kept.map((f) => notebooks.has(f.path) ? inNotebook(notebooks.get(f.path), f) : f);
    return { findings: sortFindings(placed), errors: sortErrors(errors), files: linted.length, summaries, linted: [...reported.keys()] };
  }
  /** Benchmarks only: reads, decodes and parses the files (and walks the trees) with the same threads, nothing else. */
  async floor(files, root, maxFileSize, floor) {
    await this.execute(files.map((abs) => ({ abs, report: false, floor, root, cwd: root, maxFileSize })));
  }
  /** Answers what it can from the cache and analyses the rest; results in job order. */
  async execute(all) {
    const out = new Array(all.length);
    let pending = all.map((_, i) => i);
    const threads = Math.max(1, this.options.threads ?? availableParallelism());
    const parallel = threads > 1 && all.length >= MIN_FILES_PER_WORKER * 2 && workersAvailable();
    if (parallel && this.options.cache) {
      pending = pending.filter((i) => {
        const prepared = this.analyzer.prepare(all[i]);
        if (!("outcome" in prepared)) return true;
        out[i] = prepared.outcome;
        return false;
      });
    }
    if (parallel && pending.length >= MIN_FILES_PER_WORKER * 2) {
      const results = await this.analyseInWorkers(threads, pending.map((i) => all[i]));
      results.forEach((outcome2, k) => out[pending[k]] = outcome2);
    } else {
      for (const i of pending) out[i] = await this.analyzer.run(all[i]);
    }
    return out;
  }
  /** Analyses in worker threads (each reads its files itself); results in job order. */
  async analyseInWorkers(threads, jobs) {
    const init = {
      rules: this.rules.map((r) => ({ code: r.rule.code, options: r.options, severity: r.severity, inTests: r.inTests })),
      configKey: this.configKey,
      cache: this.options.cache ? { dir: this.options.cache.dir, salt: this.options.cache.salt } : void 0
    };
    const workers = Math.min(threads, Math.ceil(jobs.length / MIN_FILES_PER_WORKER));
    const sizes = jobs.map((job) => {
      if (job.text !== void 0) return job.text.length;
      try {
        return statSync(fsPath(job.abs)).size;
      } catch {
        return 0;
      }
    });
    const largestFirst = jobs.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
    const results = await runInWorkers(workers, init, jobs, largestFirst);
    return results.map(
      (r, i) => r instanceof Error ? { findings: [], summary: null, errors: [{ path: displayPath(jobs[i].abs, jobs[i].cwd), message: `internal error: ${r.message}`, internal: true }] } : r
    );
  }
  /** The per-file-ignores of each linted file, by display path. */
  perFileIgnores(request, linted) {
    const byDisplay = /* @__PURE__ */ new Map();
    for (const abs of linted) {
      const rel = path2.relative(request.root, abs).split(path2.sep).join("/");
      byDisplay.set(displayPath(abs, request.cwd), request.ignoredCodesFor(rel));
    }
    return byDisplay;
  }
  /**
   * Each linted file's directives with what filtering learnt about them, for the unused-noqa rule:
   * whether each code suppressed a finding, and whether its rule could have reported in that file.
   * Only files with directives cost anything; the auditor's own test-code policy and per-file
   * ignores apply to the files it looks at.
   */
  async auditSuppressions(reported, used, byCode, ignored, auditor) {
    const files = [...reported.values()].filter(
      (s) => s.suppressions.directives.length > 0 && reportsIn(auditor.rule, auditor.inTests, s.test) && !ignored?.get(s.path)?.has(UNUSED_NOQA)
    );
    if (files.length === 0) return [];
    const knownCodes = await allRuleCodes(this.rules);
    const known = knownCodes ? new Set(knownCodes) : void 0;
    const out = [];
    for (const summary2 of files.sort((a, b) => compare(a.path, b.path))) {
      const skipped = ignored?.get(summary2.path);
      const ruleOf = (code) => {
        const configured = byCode.get(code);
        if (configured) return reportsIn(configured.rule, configured.inTests, summary2.test) && !skipped?.has(code) ? "enabled" : "disabled";
        return !known || known.has(code) ? "disabled" : "unknown";
      };
      const directives = summary2.suppressions.directives.map((d) => {
        const matched = used.get(d);
        return {
          ...d,
          matched: matched !== void 0,
          audit: d.codes && d.codes.map((code) => ({ code, matched: matched?.has(code.toUpperCase()) ?? false, rule: ruleOf(code.toUpperCase()) }))
        };
      });
      out.push({ path: summary2.path, module: summary2.module, data: { directives, knownCodes: knownCodes ?? [] } });
    }
    return out;
  }
  runProjectRules(summaries, indexOf, errors) {
    const findings = [];
    for (const configured of this.rules) {
      const { rule } = configured;
      if (!rule.project || rule.code === UNUSED_NOQA) continue;
      const records = () => summaries.flatMap((s) => (s.records[rule.code] ?? []).map((data) => ({ path: s.path, module: s.module, data })));
      findings.push(...this.runProjectRule(configured, indexOf, records, errors));
    }
    return findings;
  }
  runProjectRule(configured, indexOf, records, errors) {
    const { rule } = configured;
    const findings = [];
    try {
      rule.project({
        options: configured.options,
        get index() {
          return indexOf();
        },
        records,
        // A project report may carry a fix whose edits are offsets into its file's text (unused-noqa's do).
        report: (r) => {
          findings.push(findingOf(configured, r.path, r.location, r, r.fix ?? null));
        }
      });
    } catch (error) {
      errors.push({
        path: "<project>",
        message: `internal error in rule ${rule.code} (${rule.name}): ${error instanceof Error ? error.message : String(error)}`,
        internal: true
      });
    }
    return findings;
  }
};
async function allRuleCodes(rules) {
  try {
    const loaded = await loadRules();
    return [.../* @__PURE__ */ new Set([...loaded.map((l) => l.rule.code), ...rules.map((r) => r.rule.code)])].sort();
  } catch {
    return void 0;
  }
}
function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function sortFindings(findings) {
  return findings.sort(
    (a, b) => compare(a.path, b.path) || compare(a.cell ?? 0, b.cell ?? 0) || compare(a.line, b.line) || compare(a.column, b.column) || compare(a.code, b.code) || compare(a.endLine, b.endLine) || compare(a.endColumn, b.endColumn) || compare(a.message, b.message)
  );
}
function sortErrors(errors) {
  return errors.sort((a, b) => compare(a.path, b.path) || compare(a.message, b.message));
}

export {
  useBundledRules,
  codeFingerprint,
  loadRules,
  isShutdownMessage,
  require_ignore,
  DEFAULT_TEST_PATHS,
  testFileMatcher,
  testCodePolicy,
  describeTestCodePolicy,
  inTimedTest,
  collectSuppressions,
  isSuppressed,
  FileAnalyzer,
  UNUSED_NOQA,
  displayPath,
  Linter,
  sortFindings
};
