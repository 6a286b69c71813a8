import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-JNXQG2VJ.js";
import "./chunk-PWXVZOYO.js";
import "./chunk-AJ4NVBSJ.js";
import "./chunk-5U7ZRUD2.js";
import "./chunk-QLLDGDFR.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
