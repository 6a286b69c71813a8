import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-D365KQYX.js";
import "./chunk-PG4PRMUO.js";
import "./chunk-2X4GGNRH.js";
import "./chunk-TTZAWLMP.js";
import "./chunk-VUEUZDUI.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
