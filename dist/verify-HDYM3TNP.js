import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-7RSKQDVX.js";
import "./chunk-AE7G5L6S.js";
import "./chunk-HN2FVVXZ.js";
import "./chunk-CKQIIPIX.js";
import "./chunk-AHWLVWXI.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
