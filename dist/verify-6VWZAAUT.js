import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-UTQADQLG.js";
import "./chunk-7P4PJL2T.js";
import "./chunk-V6R6O4LK.js";
import "./chunk-5U7ZRUD2.js";
import "./chunk-QLLDGDFR.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
