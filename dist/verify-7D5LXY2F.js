import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-7VHUJSCR.js";
import "./chunk-I6C35XNX.js";
import "./chunk-W7Q3K44S.js";
import "./chunk-UUE7FXGN.js";
import "./chunk-TT5DN237.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
