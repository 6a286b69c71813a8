import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-3B3RCZJE.js";
import "./chunk-75FGEBXP.js";
import "./chunk-Y3XUAUUA.js";
import "./chunk-QNDVZDIF.js";
import "./chunk-FLFXE3LG.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
