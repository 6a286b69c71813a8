import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-YBUP5R5N.js";
import "./chunk-VPKDAKHX.js";
import "./chunk-N2AGNTTK.js";
import "./chunk-P7FB62PI.js";
import "./chunk-TIZAXRQN.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
