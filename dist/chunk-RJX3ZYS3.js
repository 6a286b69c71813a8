import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  describeWriteFailure,
  explainRule,
  guardStream,
  isClosedPipe,
  listRules
} from "./chunk-Z6LWHUYD.js";
import {
  FileCache
} from "./chunk-XQTQ6QLT.js";
import {
  DEFAULT_EXCLUDES,
  DEFAULT_MAX_FILE_SIZE,
  commonDirectory,
  directoryOf,
  findingJson,
  fingerprintFindings,
  prepareLint,
  renderJson,
  renderStatisticsJson
} from "./chunk-MHIWPTQD.js";
import {
  closest,
  didYouMean,
  findUp,
  matchSelector
} from "./chunk-T4FOID4L.js";
import {
  cellLabel,
  codeTextOf,
  withCell
} from "./chunk-WXMX3OEA.js";
import {
  codeSpan,
  escapeForTerminal
} from "./chunk-5IP3NNJX.js";
import {
  UsageError
} from "./chunk-NXFFE74Q.js";
import {
  DEFAULT_TEST_PATHS,
  Linter,
  codeFingerprint,
  displayPath,
  loadRules,
  sortFindings
} from "./chunk-HL2M4FMB.js";
import {
  LineIndex,
  codeLineOf,
  decodeSource,
  exactArgv,
  external_exports,
  fileLocation,
  isInside,
  isNotebookPath,
  readNotebook,
  readSource,
  readStream,
  sourceLines
} from "./chunk-FJE4V3FT.js";

// src/cli/main.ts
import { appendFileSync, existsSync, readFileSync as readFileSync2, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path3 from "node:path";
import { parseArgs } from "node:util";

// node_modules/chalk/source/vendor/ansi-styles/index.js
var ANSI_BACKGROUND_OFFSET = 10;
var wrapAnsi16 = (offset = 0) => (code) => `\x1B[${code + offset}m`;
var wrapAnsi256 = (offset = 0) => (code) => `\x1B[${38 + offset};5;${code}m`;
var wrapAnsi16m = (offset = 0) => (red, green, blue) => `\x1B[${38 + offset};2;${red};${green};${blue}m`;
var styles = {
  modifier: {
    reset: [0, 0],
    // 21 isn't widely supported and 22 does the same thing
    bold: [1, 22],
    dim: [2, 22],
    italic: [3, 23],
    underline: [4, 24],
    overline: [53, 55],
    inverse: [7, 27],
    hidden: [8, 28],
    strikethrough: [9, 29]
  },
  color: {
    black: [30, 39],
    red: [31, 39],
    green: [32, 39],
    yellow: [33, 39],
    blue: [34, 39],
    magenta: [35, 39],
    cyan: [36, 39],
    white: [37, 39],
    // Bright color
    blackBright: [90, 39],
    gray: [90, 39],
    // Alias of `blackBright`
    grey: [90, 39],
    // Alias of `blackBright`
    redBright: [91, 39],
    greenBright: [92, 39],
    yellowBright: [93, 39],
    blueBright: [94, 39],
    magentaBright: [95, 39],
    cyanBright: [96, 39],
    whiteBright: [97, 39]
  },
  bgColor: {
    bgBlack: [40, 49],
    bgRed: [41, 49],
    bgGreen: [42, 49],
    bgYellow: [43, 49],
    bgBlue: [44, 49],
    bgMagenta: [45, 49],
    bgCyan: [46, 49],
    bgWhite: [47, 49],
    // Bright color
    bgBlackBright: [100, 49],
    bgGray: [100, 49],
    // Alias of `bgBlackBright`
    bgGrey: [100, 49],
    // Alias of `bgBlackBright`
    bgRedBright: [101, 49],
    bgGreenBright: [102, 49],
    bgYellowBright: [103, 49],
    bgBlueBright: [104, 49],
    bgMagentaBright: [105, 49],
    bgCyanBright: [106, 49],
    bgWhiteBright: [107, 49]
  }
};
var modifierNames = Object.keys(styles.modifier);
var foregroundColorNames = Object.keys(styles.color);
var backgroundColorNames = Object.keys(styles.bgColor);
var colorNames = [...foregroundColorNames, ...backgroundColorNames];
function assembleStyles() {
  const codes = /* @__PURE__ */ new Map();
  for (const [groupName, group] of Object.entries(styles)) {
    for (const [styleName, style] of Object.entries(group)) {
      styles[styleName] = {
        open: `\x1B[${style[0]}m`,
        close: `\x1B[${style[1]}m`
      };
      group[styleName] = styles[styleName];
      codes.set(style[0], style[1]);
    }
    Object.defineProperty(styles, groupName, {
      value: group,
      enumerable: false
    });
  }
  Object.defineProperty(styles, "codes", {
    value: codes,
    enumerable: false
  });
  styles.color.close = "\x1B[39m";
  styles.bgColor.close = "\x1B[49m";
  styles.color.ansi = wrapAnsi16();
  styles.color.ansi256 = wrapAnsi256();
  styles.color.ansi16m = wrapAnsi16m();
  styles.bgColor.ansi = wrapAnsi16(ANSI_BACKGROUND_OFFSET);
  styles.bgColor.ansi256 = wrapAnsi256(ANSI_BACKGROUND_OFFSET);
  styles.bgColor.ansi16m = wrapAnsi16m(ANSI_BACKGROUND_OFFSET);
  Object.defineProperties(styles, {
    rgbToAnsi256: {
      value(red, green, blue) {
        if (red === green && green === blue) {
          if (red < 8) {
            return 16;
          }
          if (red > 248) {
            return 231;
          }
          return Math.round((red - 8) / 247 * 24) + 232;
        }
        return 16 + 36 * Math.round(red / 255 * 5) + 6 * Math.round(green / 255 * 5) + Math.round(blue / 255 * 5);
      },
      enumerable: false
    },
    hexToRgb: {
      value(hex) {
        const matches = /[a-f\d]{6}|[a-f\d]{3}/i.exec(hex.toString(16));
        if (!matches) {
          return [0, 0, 0];
        }
        let [colorString] = matches;
        if (colorString.length === 3) {
          colorString = [...colorString].map((character) => character + character).join("");
        }
        const integer = Number.parseInt(colorString, 16);
        return [
          /* eslint-disable no-bitwise */
          integer >> 16 & 255,
          integer >> 8 & 255,
          integer & 255
          /* eslint-enable no-bitwise */
        ];
      },
      enumerable: false
    },
    hexToAnsi256: {
      value: (hex) => styles.rgbToAnsi256(...styles.hexToRgb(hex)),
      enumerable: false
    },
    ansi256ToAnsi: {
      value(code) {
        if (code < 8) {
          return 30 + code;
        }
        if (code < 16) {
          return 90 + (code - 8);
        }
        let red;
        let green;
        let blue;
        if (code >= 232) {
          red = ((code - 232) * 10 + 8) / 255;
          green = red;
          blue = red;
        } else {
          code -= 16;
          const remainder = code % 36;
          red = Math.floor(code / 36) / 5;
          green = Math.floor(remainder / 6) / 5;
          blue = remainder % 6 / 5;
        }
        const value = Math.max(red, green, blue) * 2;
        if (value === 0) {
          return 30;
        }
        let result = 30 + (Math.round(blue) << 2 | Math.round(green) << 1 | Math.round(red));
        if (value === 2) {
          result += 60;
        }
        return result;
      },
      enumerable: false
    },
    rgbToAnsi: {
      value: (red, green, blue) => styles.ansi256ToAnsi(styles.rgbToAnsi256(red, green, blue)),
      enumerable: false
    },
    hexToAnsi: {
      value: (hex) => styles.ansi256ToAnsi(styles.hexToAnsi256(hex)),
      enumerable: false
    }
  });
  return styles;
}
var ansiStyles = assembleStyles();
var ansi_styles_default = ansiStyles;

// node_modules/chalk/source/vendor/supports-color/index.js
import process2 from "node:process";
import os from "node:os";
import tty from "node:tty";
function hasFlag(flag, argv = globalThis.Deno ? globalThis.Deno.args : process2.argv) {
  const prefix = flag.startsWith("-") ? "" : flag.length === 1 ? "-" : "--";
  const position = argv.indexOf(prefix + flag);
  const terminatorPosition = argv.indexOf("--");
  return position !== -1 && (terminatorPosition === -1 || position < terminatorPosition);
}
var { env } = process2;
var flagForceColor;
if (hasFlag("no-color") || hasFlag("no-colors") || hasFlag("color=false") || hasFlag("color=never")) {
  flagForceColor = 0;
} else if (hasFlag("color") || hasFlag("colors") || hasFlag("color=true") || hasFlag("color=always")) {
  flagForceColor = 1;
}
function envForceColor() {
  if ("FORCE_COLOR" in env) {
    if (env.FORCE_COLOR === "true") {
      return 1;
    }
    if (env.FORCE_COLOR === "false") {
      return 0;
    }
    return env.FORCE_COLOR.length === 0 ? 1 : Math.min(Number.parseInt(env.FORCE_COLOR, 10), 3);
  }
}
function translateLevel(level) {
  if (level === 0) {
    return false;
  }
  return {
    level,
    hasBasic: true,
    has256: level >= 2,
    has16m: level >= 3
  };
}
function _supportsColor(haveStream, { streamIsTTY, sniffFlags = true } = {}) {
  const noFlagForceColor = envForceColor();
  if (noFlagForceColor !== void 0) {
    flagForceColor = noFlagForceColor;
  }
  const forceColor = sniffFlags ? flagForceColor : noFlagForceColor;
  if (forceColor === 0) {
    return 0;
  }
  if (sniffFlags) {
    if (hasFlag("color=16m") || hasFlag("color=full") || hasFlag("color=truecolor")) {
      return 3;
    }
    if (hasFlag("color=256")) {
      return 2;
    }
  }
  if ("TF_BUILD" in env && "AGENT_NAME" in env) {
    return 1;
  }
  if (haveStream && !streamIsTTY && forceColor === void 0) {
    return 0;
  }
  const min = forceColor || 0;
  if (env.TERM === "dumb") {
    return min;
  }
  if (process2.platform === "win32") {
    const osRelease = os.release().split(".");
    if (Number(osRelease[0]) >= 10 && Number(osRelease[2]) >= 10586) {
      return Number(osRelease[2]) >= 14931 ? 3 : 2;
    }
    return 1;
  }
  if ("CI" in env) {
    if (["GITHUB_ACTIONS", "GITEA_ACTIONS", "CIRCLECI"].some((key) => key in env)) {
      return 3;
    }
    if (["TRAVIS", "APPVEYOR", "GITLAB_CI", "BUILDKITE", "DRONE"].some((sign) => sign in env) || env.CI_NAME === "codeship") {
      return 1;
    }
    return min;
  }
  if ("TEAMCITY_VERSION" in env) {
    return /^(9\.(0*[1-9]\d*)\.|\d{2,}\.)/.test(env.TEAMCITY_VERSION) ? 1 : 0;
  }
  if (env.COLORTERM === "truecolor") {
    return 3;
  }
  if (env.TERM === "xterm-kitty") {
    return 3;
  }
  if (env.TERM === "xterm-ghostty") {
    return 3;
  }
  if (env.TERM === "wezterm") {
    return 3;
  }
  if ("TERM_PROGRAM" in env) {
    const version = Number.parseInt((env.TERM_PROGRAM_VERSION || "").split(".")[0], 10);
    switch (env.TERM_PROGRAM) {
      case "iTerm.app": {
        return version >= 3 ? 3 : 2;
      }
      case "Apple_Terminal": {
        return 2;
      }
    }
  }
  if (/-256(color)?$/i.test(env.TERM)) {
    return 2;
  }
  if (/^screen|^xterm|^vt100|^vt220|^rxvt|color|ansi|cygwin|linux/i.test(env.TERM)) {
    return 1;
  }
  if ("COLORTERM" in env) {
    return 1;
  }
  return min;
}
function createSupportsColor(stream, options = {}) {
  const level = _supportsColor(stream, {
    streamIsTTY: stream && stream.isTTY,
    ...options
  });
  return translateLevel(level);
}
var supportsColor = {
  stdout: createSupportsColor({ isTTY: tty.isatty(1) }),
  stderr: createSupportsColor({ isTTY: tty.isatty(2) })
};
var supports_color_default = supportsColor;

// node_modules/chalk/source/utilities.js
function stringReplaceAll(string, substring, replacer) {
  let index = string.indexOf(substring);
  if (index === -1) {
    return string;
  }
  const substringLength = substring.length;
  let endIndex = 0;
  let returnValue = "";
  do {
    returnValue += string.slice(endIndex, index) + substring + replacer;
    endIndex = index + substringLength;
    index = string.indexOf(substring, endIndex);
  } while (index !== -1);
  returnValue += string.slice(endIndex);
  return returnValue;
}
function stringEncaseCRLFWithFirstIndex(string, prefix, postfix, index) {
  let endIndex = 0;
  let returnValue = "";
  do {
    const gotCR = string[index - 1] === "\r";
    returnValue += string.slice(endIndex, gotCR ? index - 1 : index) + prefix + (gotCR ? "\r\n" : "\n") + postfix;
    endIndex = index + 1;
    index = string.indexOf("\n", endIndex);
  } while (index !== -1);
  returnValue += string.slice(endIndex);
  return returnValue;
}

// node_modules/chalk/source/index.js
var { stdout: stdoutColor, stderr: stderrColor } = supports_color_default;
var GENERATOR = /* @__PURE__ */ Symbol("GENERATOR");
var STYLER = /* @__PURE__ */ Symbol("STYLER");
var IS_EMPTY = /* @__PURE__ */ Symbol("IS_EMPTY");
var levelMapping = [
  "ansi",
  "ansi",
  "ansi256",
  "ansi16m"
];
var styles2 = /* @__PURE__ */ Object.create(null);
var applyOptions = (object, options = {}) => {
  if (options.level && !(Number.isInteger(options.level) && options.level >= 0 && options.level <= 3)) {
    throw new Error("The `level` option should be an integer from 0 to 3");
  }
  const colorLevel = stdoutColor ? stdoutColor.level : 0;
  object.level = options.level === void 0 ? colorLevel : options.level;
};
var Chalk = class {
  constructor(options) {
    return chalkFactory(options);
  }
};
var chalkFactory = (options) => {
  const chalk2 = (...strings) => strings.join(" ");
  applyOptions(chalk2, options);
  Object.setPrototypeOf(chalk2, createChalk.prototype);
  return chalk2;
};
function createChalk(options) {
  return chalkFactory(options);
}
Object.setPrototypeOf(createChalk.prototype, Function.prototype);
for (const [styleName, style] of Object.entries(ansi_styles_default)) {
  styles2[styleName] = {
    get() {
      const builder = createBuilder(this, createStyler(style.open, style.close, this[STYLER]), this[IS_EMPTY]);
      Object.defineProperty(this, styleName, { value: builder });
      return builder;
    }
  };
}
styles2.visible = {
  get() {
    const builder = createBuilder(this, this[STYLER], true);
    Object.defineProperty(this, "visible", { value: builder });
    return builder;
  }
};
var getModelAnsi = (model, level, type, ...arguments_) => {
  if (model === "rgb") {
    if (level === "ansi16m") {
      return ansi_styles_default[type].ansi16m(...arguments_);
    }
    if (level === "ansi256") {
      return ansi_styles_default[type].ansi256(ansi_styles_default.rgbToAnsi256(...arguments_));
    }
    return ansi_styles_default[type].ansi(ansi_styles_default.rgbToAnsi(...arguments_));
  }
  if (model === "hex") {
    return getModelAnsi("rgb", level, type, ...ansi_styles_default.hexToRgb(...arguments_));
  }
  return ansi_styles_default[type][model](...arguments_);
};
var usedModels = ["rgb", "hex", "ansi256"];
for (const model of usedModels) {
  styles2[model] = {
    get() {
      const { level } = this;
      return function(...arguments_) {
        const styler = createStyler(getModelAnsi(model, levelMapping[level], "color", ...arguments_), ansi_styles_default.color.close, this[STYLER]);
        return createBuilder(this, styler, this[IS_EMPTY]);
      };
    }
  };
  const bgModel = "bg" + model[0].toUpperCase() + model.slice(1);
  styles2[bgModel] = {
    get() {
      const { level } = this;
      return function(...arguments_) {
        const styler = createStyler(getModelAnsi(model, levelMapping[level], "bgColor", ...arguments_), ansi_styles_default.bgColor.close, this[STYLER]);
        return createBuilder(this, styler, this[IS_EMPTY]);
      };
    }
  };
}
var proto = Object.defineProperties(() => {
}, {
  ...styles2,
  level: {
    enumerable: true,
    get() {
      return this[GENERATOR].level;
    },
    set(level) {
      this[GENERATOR].level = level;
    }
  }
});
var createStyler = (open, close, parent) => {
  let openAll;
  let closeAll;
  if (parent === void 0) {
    openAll = open;
    closeAll = close;
  } else {
    openAll = parent.openAll + open;
    closeAll = close + parent.closeAll;
  }
  return {
    open,
    close,
    openAll,
    closeAll,
    parent
  };
};
var createBuilder = (self, _styler, _isEmpty) => {
  const builder = (...arguments_) => applyStyle(builder, arguments_.length === 1 ? "" + arguments_[0] : arguments_.join(" "));
  Object.setPrototypeOf(builder, proto);
  builder[GENERATOR] = self;
  builder[STYLER] = _styler;
  builder[IS_EMPTY] = _isEmpty;
  return builder;
};
var applyStyle = (self, string) => {
  if (self.level <= 0 || !string) {
    return self[IS_EMPTY] ? "" : string;
  }
  let styler = self[STYLER];
  if (styler === void 0) {
    return string;
  }
  const { openAll, closeAll } = styler;
  if (string.includes("\x1B")) {
    while (styler !== void 0) {
      string = stringReplaceAll(string, styler.close, styler.open);
      styler = styler.parent;
    }
  }
  const lfIndex = string.indexOf("\n");
  if (lfIndex !== -1) {
    string = stringEncaseCRLFWithFirstIndex(string, closeAll, openAll, lfIndex);
  }
  return openAll + string + closeAll;
};
Object.defineProperties(createChalk.prototype, styles2);
var chalk = createChalk();
var chalkStderr = createChalk({ level: stderrColor ? stderrColor.level : 0 });

// src/engine/baseline.ts
import { readFileSync } from "node:fs";
var baselineSchema = external_exports.object({
  version: external_exports.literal(1),
  tool: external_exports.string(),
  findings: external_exports.array(external_exports.object({ code: external_exports.string(), path: external_exports.string(), fingerprint: external_exports.string(), count: external_exports.number().int().positive() }).strict())
}).strict();
function entryKey(code, path4, fingerprint) {
  return `${code}\0${path4}\0${fingerprint}`;
}
function createBaseline(findings, codeOf, pathOf) {
  const counts = /* @__PURE__ */ new Map();
  for (const { finding, fingerprint } of fingerprintFindings(findings, codeOf, pathOf)) {
    const path4 = pathOf(finding);
    const key = entryKey(finding.code, path4, fingerprint);
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { code: finding.code, path: path4, fingerprint, count: 1 });
  }
  const entries = [...counts.values()].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : a.fingerprint < b.fingerprint ? -1 : 1);
  const doc = { version: 1, tool: "pyteam-lint", findings: entries };
  return `${JSON.stringify(doc, null, 2)}
`;
}
function readBaseline(file) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return `cannot read ${file}: ${error.code ?? String(error)}`;
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return `${file} is not JSON; write one with --write-baseline`;
  }
  const parsed = baselineSchema.safeParse(data);
  return parsed.success ? parsed.data : `${file} is not a pyteam-lint baseline (version 1); write one with --write-baseline`;
}
function filterByBaseline(findings, baseline, codeOf, pathOf) {
  const remaining = /* @__PURE__ */ new Map();
  for (const e of baseline.findings) remaining.set(entryKey(e.code, e.path, e.fingerprint), e.count);
  const out = [];
  for (const { finding, fingerprint } of fingerprintFindings(findings, codeOf, pathOf)) {
    const key = entryKey(finding.code, pathOf(finding), fingerprint);
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    else out.push(finding);
  }
  return out;
}

// src/report/paths.ts
import path from "node:path";

// src/report/unicode.ts
var LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
function wellFormed(s) {
  return s.replace(LONE_SURROGATE, "\uFFFD");
}
function wellFormedStrings(_key, value) {
  return typeof value === "string" ? wellFormed(value) : value;
}

// src/report/paths.ts
function fromSourceRoot(shown, cwd, srcRoot) {
  const rel = path.relative(srcRoot, path.resolve(cwd, shown));
  return rel.split(path.sep).join("/");
}
function uriSegment(segment) {
  let out = "";
  let last = 0;
  for (const m of segment.matchAll(LONE_SURROGATE)) {
    const c = m[0].charCodeAt(0);
    out += encodeURIComponent(segment.slice(last, m.index)) + (c >= 56448 && c <= 56575 ? `%${(c - 56320).toString(16).toUpperCase()}` : "%EF%BF%BD");
    last = m.index + 1;
  }
  return out + encodeURIComponent(segment.slice(last));
}
function toUriReference(posixPath) {
  return posixPath.split("/").map(uriSegment).join("/");
}

// src/report/github.ts
var COMMANDS = { error: "error", warning: "warning", info: "notice" };
function escapeData(s) {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
function message(s) {
  return escapeForTerminal(escapeData(s));
}
function property(s) {
  return escapeForTerminal(escapeProperty(s));
}
function renderGithub(report) {
  const lines = report.findings.map((f) => {
    const at = fileLocation(f);
    const props = [
      `file=${property(fromSourceRoot(f.path, report.cwd, report.srcRoot))}`,
      `line=${at.line}`,
      `col=${at.column}`,
      `endLine=${at.endLine}`,
      `endColumn=${at.endColumn}`,
      `title=${property(`${f.code} ${f.name}`)}`
    ];
    return `::${COMMANDS[f.severity]} ${props.join(",")}::${message(`${withCell(f, f.message)} [${f.agent}]`)}`;
  });
  for (const e of report.errors) {
    const file = e.path.startsWith("<") ? "" : `file=${property(fromSourceRoot(e.path, report.cwd, report.srcRoot))},`;
    lines.push(`::error ${file}title=${property("pyteam-lint could not check this file")}::${message(e.message)}`);
  }
  return lines.length > 0 ? `${lines.join("\n")}
` : "";
}
function cell(s) {
  return escapeForTerminal(s).replace(/\|/g, "\\|");
}
function renderSummaryMarkdown(report) {
  const out = ["### pyteam-lint", ""];
  if (report.findings.length === 0) {
    out.push(`No findings in ${report.files} file${report.files === 1 ? "" : "s"}.`);
  } else {
    const counts = /* @__PURE__ */ new Map();
    for (const f of report.findings) {
      const c = counts.get(f.code);
      if (c) c.n++;
      else counts.set(f.code, { name: f.name, agent: f.agent, n: 1 });
    }
    out.push("| code | rule | owner | findings |", "|---|---|---|---:|");
    for (const [code, c] of [...counts].sort(([a], [b]) => a < b ? -1 : 1)) out.push(`| ${cell(code)} | ${cell(codeSpan(c.name))} | ${cell(c.agent)} | ${c.n} |`);
    out.push(`| | **total** | | **${report.findings.length}** |`, "", `${report.files} file${report.files === 1 ? "" : "s"} checked.`);
  }
  if (report.errors.length > 0) {
    out.push("", `**${report.errors.length} file${report.errors.length === 1 ? "" : "s"} could not be checked:**`, "");
    for (const e of report.errors) out.push(`- ${codeSpan(escapeForTerminal(e.path))}: ${escapeForTerminal(e.message)}`);
  }
  return `${out.join("\n")}
`;
}

// src/report/sarif.ts
import { pathToFileURL } from "node:url";
var SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
var GITHUB_RESULT_LIMIT = 25e3;
var GITHUB_DISPLAY_LIMIT = 5e3;
function sarifCapWarning(results) {
  const n = (x) => String(x).replace(/\B(?=(\d{3})+$)/g, ",");
  if (results > GITHUB_RESULT_LIMIT) {
    return `${n(results)} results; GitHub code scanning rejects a SARIF run with more than ${n(GITHUB_RESULT_LIMIT)}, so the SARIF keeps the ${n(GITHUB_RESULT_LIMIT)} most severe and leaves out ${n(results - GITHUB_RESULT_LIMIT)} (GitHub then shows only the top ${n(GITHUB_DISPLAY_LIMIT)}, by severity)`;
  }
  if (results > GITHUB_DISPLAY_LIMIT) {
    return `${n(results)} results; GitHub code scanning shows only the top ${n(GITHUB_DISPLAY_LIMIT)} of a SARIF run, by severity`;
  }
  return null;
}
var LEVELS = { error: "error", warning: "warning", info: "note" };
function helpMarkdown(rule) {
  return [
    `**${rule.code} ${rule.name}** \u2014 owned by \`${rule.agent}\``,
    "",
    rule.docs.summary,
    "",
    "### Why is this bad?",
    rule.docs.why,
    "",
    "### Example",
    "```python",
    rule.docs.bad.trimEnd(),
    "```",
    "",
    "### Use instead",
    "```python",
    rule.docs.good.trimEnd(),
    "```"
  ].join("\n");
}
function helpText(rule) {
  return `${rule.docs.summary}

Why is this bad?
${rule.docs.why}

Example:
${rule.docs.bad}
Use instead:
${rule.docs.good}`;
}
function ruleDescriptor(rule) {
  const tags = [rule.agent];
  if (rule.security) tags.push("security", ...rule.security.cwe.map((c) => `external/cwe/cwe-${String(c).padStart(3, "0")}`));
  const properties = { tags, precision: rule.precision ?? "high" };
  if (rule.security) properties["security-severity"] = rule.security.severity.toFixed(1);
  return {
    id: rule.code,
    name: rule.name,
    shortDescription: { text: rule.docs.summary },
    fullDescription: { text: rule.docs.why },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties
  };
}
var SEVERITY_RANK = { error: 0, warning: 1, info: 2 };
function capResults(items, rank, limit) {
  if (items.length <= limit) return { kept: [...items], omitted: 0 };
  const ranks = items.map(rank);
  const order = items.map((_, i) => i).sort((a, b) => ranks[a][0] - ranks[b][0] || ranks[b][1] - ranks[a][1] || a - b);
  const keep = new Uint8Array(items.length);
  for (const i of order.slice(0, limit)) keep[i] = 1;
  return { kept: items.filter((_, i) => keep[i] === 1), omitted: items.length - limit };
}
function renderSarif(report, options = {}) {
  const rules = [...report.rules];
  const indexOf = new Map(rules.map((r, i) => [r.code, i]));
  const artifact = (shown) => ({ uri: toUriReference(fromSourceRoot(shown, report.cwd, report.srcRoot)), uriBaseId: "%SRCROOT%" });
  const lineIndexes = /* @__PURE__ */ new Map();
  const lineIndex = (shown) => {
    if (!lineIndexes.has(shown)) {
      const text = report.sourceOf(shown);
      lineIndexes.set(shown, text === void 0 ? null : new LineIndex(text));
    }
    return lineIndexes.get(shown);
  };
  const fixesOf = (f) => {
    const lines = f.fix ? lineIndex(f.path) : null;
    if (!f.fix || !lines) return void 0;
    return [
      {
        description: { text: `${f.fix.title} (${f.fix.applicability} fix)` },
        artifactChanges: [
          {
            artifactLocation: artifact(f.path),
            replacements: f.fix.edits.map((e) => {
              const loc = lines.locate(e.start, e.end);
              return {
                deletedRegion: { startLine: loc.line, startColumn: loc.column, endLine: loc.endLine, endColumn: loc.endColumn },
                insertedContent: { text: e.text }
              };
            })
          }
        ]
      }
    ];
  };
  const fingerprinted = fingerprintFindings(report.findings, codeTextOf(report), (f) => fromSourceRoot(f.path, report.cwd, report.srcRoot));
  const rulesByCode = new Map(rules.map((r) => [r.code, r]));
  const { kept, omitted } = capResults(fingerprinted, ({ finding: f }) => [SEVERITY_RANK[f.severity], rulesByCode.get(f.code)?.security?.severity ?? 0], GITHUB_RESULT_LIMIT);
  const results = kept.map(
    ({ finding: f, fingerprint, occurrence }) => {
      const at = fileLocation(f);
      const result = {
        ruleId: f.code,
        ruleIndex: indexOf.get(f.code) ?? -1,
        level: LEVELS[f.severity],
        message: { text: withCell(f, f.message) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifact(f.path),
              region: { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn }
            }
          }
        ],
        partialFingerprints: { "pyteamLint/v1": `${fingerprint}:${occurrence}` },
        properties: f.cell === void 0 ? { agent: f.agent } : { agent: f.agent, cell: f.cell }
      };
      const fixes = fixesOf(f);
      if (fixes) result["fixes"] = fixes;
      return result;
    }
  );
  const srcRootUri = pathToFileURL(report.srcRoot).href.replace(/\/?$/, "/");
  const run2 = {
    tool: {
      driver: {
        name: report.tool.name,
        semanticVersion: report.tool.version,
        version: report.tool.version,
        informationUri: report.tool.informationUri,
        rules: rules.map(ruleDescriptor)
      }
    },
    ...options.category ? { automationDetails: { id: `${options.category.replace(/\/+$/, "")}/` } } : {},
    originalUriBaseIds: { "%SRCROOT%": { uri: srcRootUri } },
    columnKind: "utf16CodeUnits",
    invocations: [
      {
        executionSuccessful: !report.errors.some((e) => e.internal),
        toolExecutionNotifications: [
          ...report.errors.map((e) => ({
            level: e.internal ? "error" : "warning",
            message: { text: e.message },
            locations: e.path.startsWith("<") ? [] : [{ physicalLocation: { artifactLocation: artifact(e.path) } }]
          })),
          ...omitted > 0 ? [
            {
              level: "warning",
              message: {
                text: `${omitted} of ${report.findings.length} results were left out of this run: GitHub code scanning rejects a run with more than ${GITHUB_RESULT_LIMIT} results. The run keeps the most severe (by level, then security-severity, then path and line).`
              },
              properties: { omittedResults: omitted, resultLimit: GITHUB_RESULT_LIMIT }
            }
          ] : []
        ]
      }
    ],
    results
  };
  return `${JSON.stringify({ $schema: SARIF_SCHEMA, version: "2.1.0", runs: [run2] }, null, 2)}
`;
}

// src/report/azure.ts
import path2 from "node:path";
function azureEscapeData(s) {
  return s.replace(/%/g, "%AZP25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function azureEscapeProperty(s) {
  return azureEscapeData(s).replace(/]/g, "%5D").replace(/;/g, "%3B");
}
function message2(s) {
  return escapeForTerminal(azureEscapeData(s));
}
function property2(s) {
  return escapeForTerminal(azureEscapeProperty(s));
}
function command(props, text) {
  return `##vso[task.logissue ${props.map(([k, v]) => `${k}=${typeof v === "number" ? v : property2(v)};`).join("")}]${message2(text)}`;
}
function renderAzure(report) {
  const absolute = (shown) => path2.resolve(report.cwd, shown);
  const lines = report.findings.map((f) => {
    const at = fileLocation(f);
    return command(
      [
        ["type", f.severity === "error" ? "error" : "warning"],
        ["sourcepath", absolute(f.path)],
        ["linenumber", at.line],
        ["columnnumber", at.column],
        ["code", f.code]
      ],
      // The issue list shows the message, not the code property: the rule leads it.
      `${f.code} ${f.name}: ${withCell(f, f.message)} [${f.agent}]`
    );
  });
  for (const e of report.errors) {
    const where = e.path.startsWith("<") ? [] : [["sourcepath", absolute(e.path)]];
    lines.push(command([["type", "error"], ...where], `pyteam-lint could not check this file: ${e.message}`));
  }
  return lines.length > 0 ? `${lines.join("\n")}
` : "";
}

// src/report/gitlab.ts
import { createHash } from "node:crypto";
var GITLAB_NOT_CHECKED = "pyteam-lint/file-not-checked";
function gitlabSeverity(f, rule) {
  if (f.severity === "info") return "info";
  if (f.severity === "warning") return "minor";
  return (rule?.security?.severity ?? 0) >= 7 ? "critical" : "major";
}
function hash(...parts) {
  return createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 32);
}
function renderGitlab(report) {
  const fromRoot = (shown) => shown.startsWith("<") ? shown : fromSourceRoot(shown, report.cwd, report.srcRoot);
  const rules = new Map(report.rules.map((r) => [r.code, r]));
  const used = /* @__PURE__ */ new Set();
  const unique = (...parts) => {
    let fp = hash(...parts);
    while (used.has(fp)) fp = hash(fp, ...parts);
    used.add(fp);
    return fp;
  };
  const issues = fingerprintFindings(report.findings, codeTextOf(report), (f) => fromRoot(f.path)).map(({ finding: f, fingerprint, occurrence }) => {
    const at = fileLocation(f);
    return {
      // GitLab's widget shows the description but not check_name, so the rule leads it (as Ruff does).
      description: `${f.code} ${f.name}: ${withCell(f, f.message)}`,
      check_name: f.code,
      fingerprint: unique("pyteam-lint", fingerprint, String(occurrence)),
      severity: gitlabSeverity(f, rules.get(f.code)),
      location: { path: fromRoot(f.path), lines: { begin: at.line, end: at.endLine } }
    };
  });
  const seen = /* @__PURE__ */ new Map();
  for (const e of report.errors) {
    const where = fromRoot(e.path);
    const key = `${where}\0${e.message}`;
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    issues.push({
      description: `pyteam-lint could not check this file: ${e.message}`,
      check_name: GITLAB_NOT_CHECKED,
      fingerprint: unique("pyteam-lint-error", where, e.message, String(occurrence)),
      severity: e.internal ? "major" : "minor",
      location: { path: where, lines: { begin: 1, end: 1 } }
    });
  }
  return `${JSON.stringify(issues, wellFormedStrings, 2)}
`;
}

// src/report/jsonlines.ts
function renderJsonLines(report) {
  return report.findings.map((f) => `${JSON.stringify(findingJson(f))}
`).join("");
}

// src/report/junit.ts
var INDENT = "    ";
var NON_CHARACTERS = /[\ufffe\uffff]/g;
function xmlText(s) {
  return escapeForTerminal(s).replace(NON_CHARACTERS, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function xmlAttribute(s) {
  return xmlText(s).replace(/"/g, "&quot;").replace(/\t/g, "&#9;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;");
}
function attributes(attrs) {
  return Object.entries(attrs).map(([k, v]) => ` ${k}="${xmlAttribute(String(v))}"`).join("");
}
function classname(shown) {
  if (shown.startsWith("<")) return "pyteam-lint";
  const slash = shown.lastIndexOf("/");
  const dot = shown.lastIndexOf(".");
  return dot > slash + 1 ? shown.slice(0, dot) : shown;
}
function renderJunit(report) {
  const tool = report.tool.name;
  const suites = /* @__PURE__ */ new Map();
  const suite = (p) => {
    let s = suites.get(p);
    if (!s) suites.set(p, s = { path: p, findings: [], errors: [] });
    return s;
  };
  for (const f of report.findings) suite(f.path).findings.push(f);
  for (const e of report.errors) suite(e.path).errors.push(e);
  const ordered = [...suites.values()].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites${attributes({ name: tool, tests: report.findings.length + report.errors.length, failures: report.findings.length, errors: report.errors.length })}>`);
  if (ordered.length === 0) {
    out.push(`${INDENT}<testsuite${attributes({ name: tool, tests: 1, disabled: 0, errors: 0, failures: 0, package: tool })}>`);
    out.push(`${INDENT.repeat(2)}<testcase${attributes({ name: "No errors found", classname: tool })}/>`);
    out.push(`${INDENT}</testsuite>`);
  }
  for (const s of ordered) {
    const attrs = { name: s.path, tests: s.findings.length + s.errors.length, disabled: 0, errors: s.errors.length, failures: s.findings.length, package: tool };
    out.push(`${INDENT}<testsuite${attributes(attrs)}>`);
    for (const f of s.findings) {
      const at = fileLocation(f);
      out.push(`${INDENT.repeat(2)}<testcase${attributes({ name: `${tool}.${f.code}`, classname: classname(s.path), line: at.line, column: at.column })}>`);
      const text = `${cellLabel(f) ?? `line ${f.line}`}, col ${f.column}, ${f.message}`;
      out.push(`${INDENT.repeat(3)}<failure${attributes({ message: withCell(f, f.message), type: f.severity })}>${xmlText(text)}</failure>`);
      out.push(`${INDENT.repeat(2)}</testcase>`);
    }
    for (const e of s.errors) {
      out.push(`${INDENT.repeat(2)}<testcase${attributes({ name: `${tool}.file-not-checked`, classname: classname(s.path) })}>`);
      out.push(`${INDENT.repeat(3)}<error${attributes({ message: e.message, type: e.internal ? "internal" : "not-checked" })}>${xmlText(e.message)}</error>`);
      out.push(`${INDENT.repeat(2)}</testcase>`);
    }
    out.push(`${INDENT}</testsuite>`);
  }
  out.push("</testsuites>");
  return `${out.join("\n")}
`;
}

// src/report/pylint.ts
function renderPylint(report) {
  const lines = report.findings.map((f) => `${escapeForTerminal(f.path)}:${fileLocation(f).line}: [${f.code}(${f.name}), ] ${escapeForTerminal(withCell(f, f.message))}`);
  for (const e of report.errors) lines.push(`${escapeForTerminal(e.path)}:1: [${report.tool.name}(file-not-checked), ] ${escapeForTerminal(e.message)}`);
  return lines.length > 0 ? `${lines.join("\n")}
` : "";
}

// src/report/rdjson.ts
var SEVERITIES = { error: "ERROR", warning: "WARNING", info: "INFO" };
function utf8Column(lineText, column) {
  const units = column - 1;
  const inLine = Math.min(units, lineText.length);
  return Buffer.byteLength(lineText.slice(0, inLine), "utf8") + (units - inLine) + 1;
}
function renderRdjson(report) {
  const indexes = /* @__PURE__ */ new Map();
  const indexOf = (shown) => {
    if (!indexes.has(shown)) {
      const text = report.sourceOf(shown);
      indexes.set(shown, text === void 0 ? null : new LineIndex(text));
    }
    return indexes.get(shown);
  };
  const position = (lines, line, column) => ({
    line,
    column: lines && line <= lines.lineCount ? utf8Column(lines.lineText(line - 1), column) : column
  });
  const rangeOf = (lines, l) => ({
    start: position(lines, l.line, l.column),
    end: position(lines, l.endLine, l.endColumn)
  });
  const diagnostic = (f) => {
    const lines = indexOf(f.path);
    const text = withCell(f, f.message);
    const d = {
      // A suggestion is only ever applied by a reviewer, but one that may change behaviour says so.
      message: f.fix && lines && f.fix.applicability === "unsafe" ? `${text} (suggested fix: ${f.fix.title}; unsafe, it may change behaviour)` : text,
      location: { path: f.path, range: rangeOf(lines, fileLocation(f)) },
      severity: SEVERITIES[f.severity],
      code: { value: f.code }
    };
    if (f.fix && lines) {
      d.suggestions = f.fix.edits.map((e) => ({ range: rangeOf(lines, lines.locate(e.start, e.end)), text: e.text }));
    }
    return d;
  };
  const diagnostics = report.findings.map(diagnostic);
  for (const e of report.errors) {
    diagnostics.push({ message: `${report.tool.name} could not check this file: ${e.message}`, location: { path: e.path }, severity: "ERROR", code: { value: "file-not-checked" } });
  }
  const result = {
    source: report.tool.informationUri ? { name: report.tool.name, url: report.tool.informationUri } : { name: report.tool.name },
    // The overall severity is the most severe diagnostic's.
    ...diagnostics.length > 0 ? { severity: ["ERROR", "WARNING", "INFO"].find((s) => diagnostics.some((d) => d.severity === s)) } : {},
    diagnostics
  };
  return `${JSON.stringify(result, wellFormedStrings, 2)}
`;
}

// src/report/formats.ts
var EXTRA_FORMATS = {
  gitlab: renderGitlab,
  junit: renderJunit,
  pylint: renderPylint,
  azure: renderAzure,
  rdjson: renderRdjson,
  "json-lines": renderJsonLines
};
var EXTRA_FORMAT_NAMES = Object.keys(EXTRA_FORMATS);
var ERRORS_ON_STDERR = /* @__PURE__ */ new Set(["json-lines"]);
function isExtraFormat(name) {
  return Object.hasOwn(EXTRA_FORMATS, name);
}

// src/report/text.ts
function severityLabel(f, s) {
  return f.severity === "error" ? s.red(f.code) : f.severity === "warning" ? s.yellow(f.code) : s.blue(f.code);
}
function header(f, s, fixes) {
  const fix = f.fix ? ` ${s.cyan(f.fix.applicability === "safe" || fixes.unsafeFixes ? "[*]" : "[-]")}` : "";
  const cell2 = f.cell === void 0 ? "" : `:cell ${f.cell}`;
  return `${s.bold(escapeForTerminal(f.path))}${s.dim(`${cell2}:${f.line}:${f.column}:`)} ${severityLabel(f, s)}${fix} ${escapeForTerminal(f.message)} ${s.dim(`[${f.agent}]`)}`;
}
function displayLine(line) {
  const columns = [];
  let shown = "";
  for (let i = 0; i < line.length; ) {
    const c = line.charCodeAt(i);
    const width = c >= 55296 && c <= 56319 && (line.charCodeAt(i + 1) & 64512) === 56320 ? 2 : 1;
    const piece = c === 9 ? " ".repeat(8 - shown.length % 8) : escapeForTerminal(line.slice(i, i + width));
    for (let k = 0; k < width; k++) columns.push(shown.length);
    shown += piece;
    i += width;
  }
  columns.push(shown.length);
  return { shown, columns };
}
function snippet(f, lines, s) {
  if (lines === void 0) return [];
  const text = lines[codeLineOf(f) - 1];
  if (text === void 0) return [];
  const gutter = String(f.line).length;
  const pad = " ".repeat(gutter);
  const { shown, columns } = displayLine(text);
  const columnOf = (column0) => columns[Math.max(0, Math.min(column0, text.length))];
  const start = columnOf(f.column - 1);
  const end = Math.max(start + 1, columnOf(f.endLine === f.line ? f.endColumn - 1 : text.length));
  return [
    `${pad} ${s.dim("|")}`,
    `${s.dim(String(f.line))} ${s.dim("|")} ${shown}`,
    `${pad} ${s.dim("|")} ${" ".repeat(start)}${severityLabel({ ...f, code: "^".repeat(end - start) }, s)}`,
    `${pad} ${s.dim("|")}`
  ];
}
function errorLine(e, s) {
  return `${s.bold(escapeForTerminal(e.path))}: ${s.red("error:")} ${escapeForTerminal(e.message)}`;
}
function summaryLine(report, fixes = { unsafeFixes: false }) {
  const n = report.findings.length;
  const fixable = report.findings.filter((f) => f.fix && (f.fix.applicability === "safe" || fixes.unsafeFixes)).length;
  const hidden = report.findings.filter((f) => f.fix).length - fixable;
  const files = new Set(report.findings.map((f) => f.path)).size;
  const parts = [
    n === 0 ? `No findings in ${report.files} file${report.files === 1 ? "" : "s"}.` : `Found ${n} finding${n === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"} (${report.files} checked).`
  ];
  if (fixable > 0) parts.push(`[*] ${fixable} fixable with --fix${fixes.unsafeFixes ? " --unsafe-fixes" : ""}.`);
  if (hidden > 0) parts.push(`[-] ${hidden} more with --fix --unsafe-fixes (unsafe: review them).`);
  if (report.errors.length > 0) parts.push(`${report.errors.length} file${report.errors.length === 1 ? "" : "s"} could not be checked.`);
  return parts.join(" ");
}
function renderText(report, style, form, quiet, fixes = { unsafeFixes: false }) {
  const out = [];
  const linesOf = sourceLines(codeTextOf(report));
  for (const f of report.findings) {
    out.push(header(f, style, fixes));
    if (form === "full") {
      out.push(...snippet(f, linesOf(f.path), style));
      if (f.fix) out.push(`${style.cyan("  = fix")}${f.fix.applicability === "unsafe" ? " (unsafe)" : ""}: ${escapeForTerminal(f.fix.title)}`);
      out.push("");
    }
  }
  for (const e of report.errors) out.push(errorLine(e, style));
  if (!quiet) {
    if (out.length > 0 && form === "concise") out.push("");
    out.push(summaryLine(report, fixes));
  }
  return out.length > 0 ? `${out.join("\n")}
` : "";
}
function renderStatistics(report, style) {
  const counts = /* @__PURE__ */ new Map();
  for (const f of report.findings) {
    const c = counts.get(f.code);
    if (c) c.n++;
    else counts.set(f.code, { n: 1, f });
  }
  const rows = [...counts.values()].sort((a, b) => b.n - a.n || (a.f.code < b.f.code ? -1 : 1));
  const width = Math.max(1, ...rows.map((r) => String(r.n).length));
  const lines = rows.map(
    (r) => `${String(r.n).padStart(width)}	${severityLabel(r.f, style)}	${r.f.name}	${style.dim(`[${r.f.agent}]`)}${r.f.fix ? "	" + style.cyan("fixable") : ""}`
  );
  for (const e of report.errors) lines.push(errorLine(e, style));
  return lines.length > 0 ? `${lines.join("\n")}
` : "";
}

// src/cli/main.ts
function ownPackage() {
  let dir = path3.dirname(fileURLToPath(import.meta.url));
  for (; ; ) {
    const candidate = path3.join(dir, "package.json");
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync2(candidate, "utf8"));
      if (pkg.name === "pyteam-lint" && pkg.version) return { version: pkg.version, homepage: pkg.homepage ?? "" };
    }
    const parent = path3.dirname(dir);
    if (parent === dir) return { version: "0.0.0", homepage: "" };
    dir = parent;
  }
}
var PACKAGE = ownPackage();
var VERSION = PACKAGE.version;
function openCache(home, cwd, env2, warn, flags = {}) {
  if (flags.off || ["1", "true", "yes"].includes((env2["PYTEAM_LINT_NO_CACHE"] ?? "").toLowerCase())) return void 0;
  const dir = path3.resolve(cwd, flags.dir ?? env2["PYTEAM_LINT_CACHE_DIR"] ?? path3.join(home, ".pyteam-lint-cache"));
  return FileCache.open(dir, `${VERSION}:${codeFingerprint()}`, warn);
}
var FORMATS = ["full", "concise", "text", "json", "sarif", "github", "brief", ...EXTRA_FORMAT_NAMES];
var COLORS = ["auto", "always", "never"];
var HELP = `pyteam-lint \u2014 finds the anti-patterns of Python ML pipelines; every finding names the team role that owns its fix.

Usage:
  pyteam-lint [OPTIONS] [PATH ...]     lint files and directories (default: .)
  pyteam-lint rules [--format json|markdown]  list every rule
  pyteam-lint explain CODE|NAME        print a rule's documentation
  pyteam-lint verify PATCH.diff        judge a proposed patch: exit 0 only when it resolves findings and adds none
                                       (--allow-suppressions, --allow-deletions: accept noqa-only or deleting changes)
  pyteam-lint mcp                      run the MCP server on standard input/output (for coding agents)
  pyteam-lint server [--stdio]         run the language server on standard input/output (for editors)
  pyteam-lint topology [PATH ...] [--format mermaid|dot|svg|json]
                                       draw the pipeline: processes, queues, shutdown paths, with their findings
  pyteam-lint init agents [--target claude|cursor] [--force]
                                       write the MCP server entry and one agent definition per role

Options:
  --select CODES           rules to enable (codes, prefixes such as PTL3, names, or ALL), comma-separated
  --extend-select CODES    rules to enable on top of the selection
  --ignore CODES           rules to disable
  --format FORMAT          full (default), concise, json, json-lines, sarif, github (workflow annotations),
                           gitlab (Code Quality), junit, pylint, azure, rdjson (reviewdog),
                           brief (a Markdown task list per role); also --output-format, PYTEAM_LINT_OUTPUT_FORMAT
  -o, --output-file FILE   write the report to FILE instead of standard output
  --sarif-file FILE        also write SARIF 2.1.0 to FILE (for GitHub code scanning)
  --sarif-category NAME    SARIF automationDetails.id, to upload several runs side by side
  --json-file FILE         also write the JSON report to FILE
  --summary-file FILE      append a Markdown findings table to FILE (e.g. $GITHUB_STEP_SUMMARY)
  --baseline FILE          report only findings that FILE (from --write-baseline) does not record
  --write-baseline FILE    record today's findings in FILE and exit 0
  --statistics             print the number of findings per rule instead of the findings (JSON with --format json)
  --exit-zero              exit 0 even when there are findings
  --exit-non-zero-on-fix   exit 1 when --fix fixed anything, even if nothing remains
  --config FILE            use this pyproject.toml or pyteam-lint.toml
  --stdin-filename NAME    the file name to report for source read from standard input (PATH '-')
  --force-exclude          apply exclusions to files named on the command line too
  --exclude PATTERNS       replace the configured exclude patterns (relative to the current directory)
  --extend-exclude PATTERNS  exclude these too
  --show-files             list the files that would be linted, and exit
  --show-settings          print the settings the first file is checked with, and where each came from
  --no-respect-gitignore   lint files that ignore files (.gitignore, .ignore, .git/info/exclude,
                           core.excludesFile) ignore
  --threads N              worker threads (default: the number of cores)
  --no-cache               do not read or write the cache (also PYTEAM_LINT_NO_CACHE=1)
  --cache-dir DIR          cache location (default: .pyteam-lint-cache in the project root;
                           also PYTEAM_LINT_CACHE_DIR)
  --fix                    apply safe fixes, then report what remains
  --fix-only               apply fixes and report nothing else (exit 0 unless --exit-non-zero-on-fix)
  --unsafe-fixes           with --fix or --diff, apply unsafe fixes too (review them)
  --diff                   print the fixes as a unified diff instead of writing them (exit 1 if any)
  --show-fixes             list the fixes applied
  --add-noqa               write "# noqa: CODE" on every line with a finding (adopting the tool on legacy code)
  --ignore-noqa            report findings that "# noqa" comments suppress too
  -w, --watch              lint again whenever a file changes (uses the cache)
  --agent ROLE             only the findings (and fixes) of one role, e.g. python-security-reviewer
  --color WHEN             auto (default), always, never; NO_COLOR and FORCE_COLOR are honoured
  -q, --quiet              print findings only, no summary
  --version                print the version
  -h, --help               print this help

Exit status: 0 no findings, 1 findings or unreadable files, 2 usage, configuration or internal error.
Suppress a finding with "# noqa: PTL102" on its line, or a whole file with "# pyteam-lint: noqa".`;
function splitList(values) {
  return values?.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
}
function choice(flag, value, allowed, fallback) {
  if (value === void 0) return fallback;
  if (allowed.includes(value)) return value;
  throw new UsageError(`${flag}: '${value}' is not one of ${allowed.join(", ")}${didYouMean(value, allowed)}`);
}
function makeStyle(color, io, toFile) {
  const set = (name) => io.env[name] !== void 0 && io.env[name] !== "";
  const forced = set("FORCE_COLOR") && !["0", "false"].includes(io.env["FORCE_COLOR"].toLowerCase());
  const enabled = color === "always" || color === "auto" && !toFile && (forced || io.isTty && !set("NO_COLOR"));
  const chalk2 = new Chalk({ level: enabled ? 1 : 0 });
  return { bold: chalk2.bold, dim: chalk2.dim, red: chalk2.red, yellow: chalk2.yellow, cyan: chalk2.cyan, blue: chalk2.blue };
}
var OPTIONS = {
  select: { type: "string", multiple: true },
  "extend-select": { type: "string", multiple: true },
  ignore: { type: "string", multiple: true },
  format: { type: "string" },
  "output-format": { type: "string" },
  "output-file": { type: "string", short: "o" },
  "sarif-file": { type: "string" },
  "sarif-category": { type: "string" },
  "json-file": { type: "string" },
  "summary-file": { type: "string" },
  baseline: { type: "string" },
  "write-baseline": { type: "string" },
  statistics: { type: "boolean" },
  "exit-zero": { type: "boolean" },
  config: { type: "string" },
  "stdin-filename": { type: "string" },
  "force-exclude": { type: "boolean" },
  exclude: { type: "string", multiple: true },
  "extend-exclude": { type: "string", multiple: true },
  "ignore-noqa": { type: "boolean" },
  "add-noqa": { type: "boolean" },
  "exit-non-zero-on-fix": { type: "boolean" },
  "fix-only": { type: "boolean" },
  watch: { type: "boolean", short: "w" },
  "show-settings": { type: "boolean" },
  "show-files": { type: "boolean" },
  "allow-suppressions": { type: "boolean" },
  "allow-deletions": { type: "boolean" },
  "no-respect-gitignore": { type: "boolean" },
  threads: { type: "string" },
  "no-cache": { type: "boolean" },
  "cache-dir": { type: "string" },
  fix: { type: "boolean" },
  "unsafe-fixes": { type: "boolean" },
  diff: { type: "boolean" },
  "show-fixes": { type: "boolean" },
  agent: { type: "string" },
  color: { type: "string" },
  quiet: { type: "boolean", short: "q" },
  version: { type: "boolean" },
  help: { type: "boolean", short: "h" }
};
var OPTION_NAMES = Object.keys(OPTIONS).map((name) => `--${name}`);
var SUBCOMMANDS = ["rules", "explain", "verify", "mcp", "init", "topology", "server"];
function parse(argv) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: OPTIONS
    });
  } catch (error) {
    const message3 = error.message.replace(/\. To specify a positional argument starting with a '-'.*$/s, "");
    const unknown = /^Unknown option '(-{1,2}[^']+)'/.exec(message3)?.[1];
    const hint = unknown ? didYouMean(unknown, OPTION_NAMES) : "";
    throw new UsageError(`${message3}${hint}
Run 'pyteam-lint --help' for the options.`);
  }
}
async function run(argv, io) {
  if (argv[0] === "init") return (await import("./init-AJYTR76E.js")).runInit(argv.slice(1), (await loadRules()).map((r) => r.rule), io);
  if (argv[0] === "server") return (await import("./command-X6UME5FP.js")).runServer(argv.slice(1), io);
  if (argv[0] === "topology") return (await import("./command-KOOSYSAS.js")).runTopology(argv.slice(1), io);
  const { values, positionals } = parse(argv);
  if (values.help) {
    io.stdout(`${HELP}
`);
    return 0;
  }
  if (values.version) {
    io.stdout(`pyteam-lint ${VERSION}
`);
    return 0;
  }
  const rules = (await loadRules()).map((r) => r.rule);
  const [command2, ...rest] = positionals;
  if (command2 !== void 0 && !SUBCOMMANDS.includes(command2) && !existsSync(path3.resolve(io.cwd, command2))) {
    const meant = closest(command2, SUBCOMMANDS);
    if (meant) throw new UsageError(`unknown command '${command2}'; did you mean '${meant}'? (a path to lint must exist)`);
  }
  if (command2 === "rules") {
    const format = choice("--format", values.format, ["text", "json", "markdown"], "text");
    io.stdout(listRules(rules, format));
    return 0;
  }
  if (command2 === "mcp") return (await loadMcp()).runMcpCommand(rest, rules, VERSION, io);
  if (command2 === "verify") return (await import("./verify-GIHZM4CK.js")).runVerify(rest, values, rules, io);
  if (command2 === "explain") {
    if (rest.length !== 1) throw new UsageError("explain takes one rule code or name, e.g. pyteam-lint explain PTL301");
    const [rule] = matchSelector(rest[0], rules, "explain");
    if (!rule || !(rule.code === rest[0].toUpperCase() || rule.name === rest[0])) {
      throw new UsageError(`explain: '${rest[0]}' is not a rule code or name; see pyteam-lint rules`);
    }
    io.stdout(explainRule(rule));
    return 0;
  }
  if (values.watch) return watch(positionals, values, rules, io);
  return check(positionals, values, rules, io);
}
var WATCHED = /(?:\.pyi?|\.ipynb|(?:^|\/)(?:pyproject|\.?pyteam-lint)\.toml|(?:^|\/)\.(?:git)?ignore)$/;
async function watch(positionals, values, rules, io) {
  if (values.fix || values.diff || values["fix-only"] || values["add-noqa"] || positionals.includes("-")) {
    throw new UsageError("--watch lints files as they change; it cannot be combined with --fix, --diff, --fix-only, --add-noqa or standard input");
  }
  const { watch: watchFs } = await import("node:fs");
  const inputs = (positionals.length > 0 ? positionals : ["."]).map((p) => path3.resolve(io.cwd, p));
  const dirs = [...new Set(inputs.map((p) => directoryOf(p) ?? path3.dirname(p)))];
  const lintOnce = async () => {
    if (io.isTty) io.stdout("\x1Bc");
    io.stdout(`[${(/* @__PURE__ */ new Date()).toTimeString().slice(0, 8)}] Linting\u2026
`);
    try {
      await check(positionals, values, rules, io);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr(`pyteam-lint: error: ${escapeForTerminal(error.message)}
`);
    }
    io.stdout("Watching for file changes (Ctrl-C to stop).\n");
  };
  await lintOnce();
  let timer;
  let running = Promise.resolve();
  for (const dir of dirs) {
    watchFs(dir, { recursive: true }, (_event, name) => {
      if (name === null || !WATCHED.test(String(name).split(path3.sep).join("/")) || /(?:^|\/)\.pyteam-lint-cache\//.test(String(name))) return;
      clearTimeout(timer);
      timer = setTimeout(() => running = running.then(lintOnce), 150);
    });
  }
  return new Promise(() => {
  });
}
async function loadMcp() {
  try {
    return await import("./mcp-ZTZWGPAV.js");
  } catch (error) {
    if (error.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("@modelcontextprotocol/sdk")) throw error;
    throw new UsageError("mcp needs the optional dependency @modelcontextprotocol/sdk, which this installation left out (npm --omit=optional); install pyteam-lint without --omit=optional");
  }
}
async function check(positionals, values, rules, io) {
  if (values.format !== void 0 && values["output-format"] !== void 0 && values.format !== values["output-format"]) {
    throw new UsageError(`--format '${values.format}' and --output-format '${values["output-format"]}' disagree; give one (--output-format is Ruff's name for --format)`);
  }
  const requested = values["output-format"] ?? values.format ?? (io.env["PYTEAM_LINT_OUTPUT_FORMAT"] || void 0);
  const format = choice(values["output-format"] !== void 0 ? "--output-format" : values.format !== void 0 ? "--format" : "PYTEAM_LINT_OUTPUT_FORMAT", requested, FORMATS, "full");
  const color = choice("--color", values.color, COLORS, "auto");
  const inputs = positionals.length > 0 ? positionals : ["."];
  const usesStdin = inputs.includes("-");
  if (usesStdin && inputs.length > 1) throw new UsageError("'-' (standard input) cannot be combined with other paths");
  if (values["stdin-filename"] !== void 0 && !usesStdin) throw new UsageError("--stdin-filename needs '-' as the path");
  const cwd = io.cwd;
  const stdinPath = usesStdin ? path3.resolve(cwd, values["stdin-filename"] ?? "stdin.py") : void 0;
  const absInputs = usesStdin ? [] : inputs.map((p) => path3.resolve(cwd, p));
  const start = stdinPath ? path3.dirname(stdinPath) : commonDirectory(absInputs, cwd);
  const setup = prepareLint(start, cwd, rules, {
    config: values.config,
    select: splitList(values.select),
    extendSelect: splitList(values["extend-select"]),
    ignore: splitList(values.ignore),
    agent: values.agent,
    respectGitignore: values["no-respect-gitignore"] ? false : void 0,
    forceExclude: values["force-exclude"],
    exclude: splitList(values.exclude),
    extendExclude: splitList(values["extend-exclude"]),
    env: io.env,
    warn: (message3) => io.stderr(`pyteam-lint: warning: ${escapeForTerminal(message3)}
`)
  });
  const { root, discoverer, ignoredCodesFor, isTestFile } = setup;
  const discovered = usesStdin ? { files: [], errors: [] } : setup.discover(absInputs);
  const files = stdinPath ? [stdinPath] : discovered.files;
  if (stdinPath && values["force-exclude"] && discoverer.isExcluded(stdinPath)) files.length = 0;
  if (values["show-files"]) {
    io.stdout(files.map((f) => `${escapeForTerminal(displayPath(f, cwd))}
`).join(""));
    for (const e of discovered.errors) io.stderr(`pyteam-lint: ${escapeForTerminal(`${displayPath(e.path, cwd)}: ${e.message}`)}
`);
    return discovered.errors.length > 0 ? 1 : 0;
  }
  if (values["show-settings"]) {
    const target = stdinPath ?? files[0] ?? absInputs[0] ?? cwd;
    io.stdout(showSettings(setup, target, cwd));
    return 0;
  }
  const groups = setup.groups(files);
  const maxFileSize = Math.max(setup.maxFileSize, ...groups.map((g) => g.scope.maxFileSize));
  let stdinText;
  if (stdinPath && files.length > 0) {
    const limit = setup.scopeFor(stdinPath).maxFileSize;
    const read = io.readStdin(limit);
    const decoded = read.ok ? decodeSource(read.bytes, limit) : { ok: false, reason: read.reason };
    if (decoded.ok) stdinText = decoded.text;
    else {
      discovered.errors.push({ path: stdinPath, message: `standard input: ${decoded.reason}` });
      files.length = 0;
      groups.length = 0;
    }
  }
  const indexOnly = files.length > 0 ? setup.indexFiles() : [];
  const threads = values.threads === void 0 ? void 0 : Number(values.threads);
  if (threads !== void 0 && (!Number.isInteger(threads) || threads < 1 || threads > 256)) {
    throw new UsageError(`--threads: '${values.threads}' is not a whole number from 1 to 256`);
  }
  const cache = openCache(setup.rootless ? cwd : root, cwd, io.env, (m) => io.stderr(`pyteam-lint: warning: ${m}
`), {
    off: values["no-cache"] === true,
    dir: values["cache-dir"]
  });
  const textReport = !values.statistics && (format === "full" || format === "concise" || format === "text");
  const confine = writableTree(setup.rootless ? absInputs.flatMap((p) => directoryOf(p) ?? []) : [root]);
  if (values["add-noqa"]) {
    if (stdinPath) throw new UsageError("--add-noqa writes files; it cannot be used with '-' (standard input)");
    if (values.fix || values.diff || values["fix-only"]) throw new UsageError("--add-noqa cannot be combined with --fix, --diff or --fix-only; fix first, then add noqa to what remains");
    const { addNoqa } = await import("./add-noqa-22IBSDZ3.js");
    const notify = (message3) => io.stderr(`pyteam-lint: ${escapeForTerminal(message3)}
`);
    let added = 0;
    let internal = false;
    for (const g of groups) {
      const linter = await Linter.create(g.scope.configured, threads ? { threads } : {});
      const r = await addNoqa(linter, { root, cwd, files: g.files, indexOnly, maxFileSize: g.scope.maxFileSize, ignoredCodesFor, isTestFile }, { confine, notify });
      for (const w of r.warnings) io.stderr(`pyteam-lint: warning: ${escapeForTerminal(w)}
`);
      for (const e of r.lint.errors) io.stderr(`pyteam-lint: error: ${escapeForTerminal(`${e.path}: ${e.message}`)}
`);
      internal ||= r.lint.errors.some((e) => e.internal);
      added += r.added;
    }
    io.stdout(`Added ${added} noqa directive${added === 1 ? "" : "s"}.
`);
    return internal ? 2 : 0;
  }
  let fixing;
  if (values.fix === true || values.diff === true || values["fix-only"] === true) {
    const { runFixes } = await import("./fix-PXGIN4JU.js");
    let diffExit;
    fixing = { reportToStderr: false, note: "", fixed: 0 };
    for (const g of groups) {
      const out = await runFixes(values, {
        configured: g.scope.configured,
        files: g.files,
        indexOnly,
        root,
        cwd,
        maxFileSize: g.scope.maxFileSize,
        ignoredCodesFor,
        isTestFile,
        threads,
        stdout: io.stdout,
        stderr: io.stderr,
        confine,
        stdin: stdinPath && stdinText !== void 0 ? { path: stdinPath, text: stdinText } : void 0
      });
      if (out.exit !== void 0) diffExit = Math.max(diffExit ?? 0, out.exit);
      if (out.stdinText !== void 0) stdinText = out.stdinText;
      fixing.reportToStderr ||= out.reportToStderr;
      fixing.note += out.note;
      fixing.fixed += out.fixed ?? 0;
    }
    if (diffExit !== void 0) return diffExit;
  }
  const result = { findings: [], errors: [], files: 0, summaries: [], linted: [] };
  for (const g of groups) {
    const linter = await Linter.create(g.scope.configured, { ...threads ? { threads } : {}, cache });
    const part = await linter.lint({
      root,
      cwd,
      files: g.files,
      indexOnly,
      ...stdinPath && stdinText !== void 0 ? { stdin: { path: stdinPath, text: stdinText } } : {},
      maxFileSize: g.scope.maxFileSize,
      ignoredCodesFor,
      isTestFile,
      ...values["ignore-noqa"] ? { ignoreNoqa: true } : {}
    });
    result.findings.push(...part.findings);
    result.errors.push(...part.errors);
    result.files += part.files;
    result.summaries.push(...part.summaries ?? []);
    result.linted.push(...part.linted ?? []);
  }
  if (groups.length > 1) {
    sortFindings(result.findings);
    result.errors.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  }
  const enabled = rules.filter((r) => setup.enabled.includes(r) || groups.some((g) => g.scope.enabled.includes(r)));
  const errors = [...discovered.errors.map((e) => ({ path: displayPath(e.path, cwd), message: e.message })), ...result.errors];
  const sources = /* @__PURE__ */ new Map();
  const sourceOf = (shown) => {
    if (!sources.has(shown)) {
      if (stdinPath && shown === displayPath(stdinPath, cwd)) sources.set(shown, stdinText);
      else {
        const source = readSource(path3.resolve(cwd, shown), maxFileSize);
        sources.set(shown, source.ok ? source.text : void 0);
      }
    }
    return sources.get(shown);
  };
  const codes = /* @__PURE__ */ new Map();
  const codeOf = (shown) => {
    if (!isNotebookPath(shown)) return sourceOf(shown);
    if (!codes.has(shown)) {
      const json = sourceOf(shown);
      const notebook = json === void 0 ? void 0 : readNotebook(json);
      codes.set(shown, notebook?.ok ? notebook.python : void 0);
    }
    return codes.get(shown);
  };
  const srcRoot = findUp(root, (dir) => existsSync(path3.join(dir, ".git"))) ?? cwd;
  const fromRoot = (f) => fromSourceRoot(f.path, cwd, srcRoot);
  if (values["write-baseline"] !== void 0) {
    writeOutput("--write-baseline", values["write-baseline"], createBaseline(result.findings, codeOf, fromRoot), cwd);
    io.stderr(`pyteam-lint: recorded ${result.findings.length} finding${result.findings.length === 1 ? "" : "s"} in ${values["write-baseline"]}
`);
    return result.errors.some((e) => e.internal) ? 2 : 0;
  }
  let findings = result.findings;
  if (values.baseline !== void 0) {
    const baseline = readBaseline(path3.resolve(cwd, values.baseline));
    if (typeof baseline === "string") throw new UsageError(`--baseline: ${baseline}`);
    findings = filterByBaseline(findings, baseline, codeOf, fromRoot);
  }
  const report = {
    findings,
    errors,
    files: result.files,
    rules: enabled,
    tool: { name: "pyteam-lint", version: VERSION, informationUri: PACKAGE.homepage },
    cwd,
    srcRoot,
    sourceOf,
    codeOf,
    summaries: result.summaries,
    linted: result.linted
  };
  const sarifOptions = { category: values["sarif-category"] };
  const capWarning = format === "sarif" || values["sarif-file"] !== void 0 ? sarifCapWarning(findings.length) : null;
  if (capWarning) io.stderr(`pyteam-lint: warning: ${capWarning}
`);
  if (values["sarif-file"] !== void 0) writeOutput("--sarif-file", values["sarif-file"], renderSarif(report, sarifOptions), cwd);
  if (values["json-file"] !== void 0) writeOutput("--json-file", values["json-file"], renderJson(report), cwd);
  if (values["summary-file"] !== void 0) writeOutput("--summary-file", values["summary-file"], renderSummaryMarkdown(report), cwd, true);
  const toFile = values["output-file"] !== void 0;
  const style = makeStyle(color, io, toFile);
  const text = values["fix-only"] ? "" : values.statistics ? format === "json" ? renderStatisticsJson(report) : renderStatistics(report, style) : format === "json" ? renderJson(report) : format === "sarif" ? renderSarif(report, sarifOptions) : format === "github" ? renderGithub(report) : format === "brief" ? (await import("./brief-HTWBX6BR.js")).renderBrief(report) : isExtraFormat(format) ? EXTRA_FORMATS[format](report) : renderText(report, style, format === "concise" ? "concise" : "full", values.quiet ?? false, { unsafeFixes: values["unsafe-fixes"] === true });
  if (isExtraFormat(format) && ERRORS_ON_STDERR.has(format)) {
    for (const e of errors) io.stderr(`pyteam-lint: error: ${escapeForTerminal(`${e.path}: ${e.message}`)}
`);
  }
  if (toFile) writeOutput("--output-file", values["output-file"], text, cwd);
  else (fixing?.reportToStderr ? io.stderr : io.stdout)(text);
  if (fixing?.note) (textReport && !toFile && !fixing.reportToStderr ? io.stdout : io.stderr)(fixing.note);
  if (result.errors.some((e) => e.internal)) return 2;
  if (values["exit-non-zero-on-fix"] && (fixing?.fixed ?? 0) > 0) return 1;
  if (values["exit-zero"] || values["fix-only"]) return 0;
  return report.findings.length > 0 || errors.length > 0 ? 1 : 0;
}
function showSettings(setup, target, cwd) {
  const scope = setup.scopeFor(target);
  const where = (key) => scope.sources[key] ? displayPath(scope.sources[key], cwd) : "default";
  const lines = [
    `Settings for ${displayPath(target, cwd)}`,
    `configuration file: ${scope.file ? displayPath(scope.file, cwd) : "(none: defaults)"}`,
    `project root: ${setup.root}${setup.rootless ? " (no repository or configuration above: only the named files)" : ""}`,
    `test code: ${scope.isTest(target) ? "yes" : "no"}`,
    ""
  ];
  const keys = ["select", "extend-select", "ignore", "exclude", "extend-exclude", "per-file-ignores", "test-paths", "extend-test-paths", "respect-gitignore", "max-file-size"];
  const defaults = { exclude: DEFAULT_EXCLUDES, "test-paths": DEFAULT_TEST_PATHS, "max-file-size": DEFAULT_MAX_FILE_SIZE, "respect-gitignore": true };
  for (const key of keys) {
    const value = scope.config[key] ?? defaults[key];
    if (value !== void 0) lines.push(`${key} = ${JSON.stringify(value)}    # ${where(key)}`);
  }
  lines.push("", `enabled rules (${scope.enabled.length}):`);
  for (const c of scope.configured) {
    const options = Object.entries(c.options ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}${scope.sources[`rules.${c.rule.name}.${k}`] ? ` (${where(`rules.${c.rule.name}.${k}`)})` : ""}`);
    lines.push(`  ${c.rule.code} ${c.rule.name}${c.inTests !== void 0 ? ` in-tests=${c.inTests}` : ""}${options.length ? `: ${options.join(", ")}` : ""}`);
  }
  return `${lines.map(escapeForTerminal).join("\n")}
`;
}
function writableTree(trees) {
  return (real) => trees.some((tree) => isInside(tree, real));
}
function writeOutput(flag, file, text, cwd, append = false) {
  try {
    if (append) appendFileSync(path3.resolve(cwd, file), text);
    else writeFileSync(path3.resolve(cwd, file), text);
  } catch (error) {
    throw new UsageError(`${flag}: cannot write ${file}: ${error.code ?? String(error)}`);
  }
}
async function main(argv) {
  const stdout = guardStream(process.stdout);
  const stderr = guardStream(process.stderr);
  const io = {
    stdout: (t) => stdout.write(t),
    stderr: (t) => stderr.write(t),
    readStdin: (maxBytes, limitName) => readStream(0, maxBytes, limitName),
    isTty: process.stdout.isTTY === true,
    env: process.env,
    cwd: process.cwd()
  };
  const code = await runGuarded(exactArgv(argv), io);
  const failure = await stdout.flush();
  if (failure && !isClosedPipe(failure)) {
    io.stderr(`pyteam-lint: error: ${describeWriteFailure("standard output", failure)}
`);
    return 2;
  }
  await stderr.flush();
  return code;
}
async function runGuarded(argv, io) {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`pyteam-lint: error: ${escapeForTerminal(error.message)}
`);
      return 2;
    }
    const message3 = error instanceof Error ? error.message : String(error);
    io.stderr(`pyteam-lint: internal error: ${escapeForTerminal(message3)}
This is a bug in pyteam-lint; please report it with the command you ran.
`);
    if (process.env["PYTEAM_LINT_DEBUG"]) io.stderr(`${error.stack ?? ""}
`);
    return 2;
  }
}

export {
  VERSION,
  openCache,
  main
};
