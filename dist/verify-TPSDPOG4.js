import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-ZUQD2VHI.js";
import "./chunk-LGZQZZIM.js";
import "./chunk-7CJYXK3A.js";
import "./chunk-5U7ZRUD2.js";
import "./chunk-QLLDGDFR.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
