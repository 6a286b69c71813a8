import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-6RKNXQYG.js";
import "./chunk-AE3U5SWW.js";
import "./chunk-3MBGJ7VA.js";
import "./chunk-Z7DYBPWK.js";
import "./chunk-BJVY3WVC.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
