import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-XWZXBJ4K.js";
import "./chunk-EMS3RASN.js";
import "./chunk-7ZCMUHIG.js";
import "./chunk-T4S5NUEZ.js";
import "./chunk-G4XXJW3J.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
