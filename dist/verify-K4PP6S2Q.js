import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-2VUPUVLK.js";
import "./chunk-SRTYPWVP.js";
import "./chunk-N62JY66K.js";
import "./chunk-FJTOJOPM.js";
import "./chunk-QYN3URDO.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
