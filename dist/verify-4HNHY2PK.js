import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-ESMAV4YD.js";
import "./chunk-B36LVGU3.js";
import "./chunk-MBIHBYVU.js";
import "./chunk-D3RWZQBL.js";
import "./chunk-S2PRZ3HG.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
