import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-DA2QYNKH.js";
import "./chunk-IJ7KNUI3.js";
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
