import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-LRBPAWLK.js";
import "./chunk-FPWJPJY4.js";
import "./chunk-633FDFLZ.js";
import "./chunk-SLR4I3EK.js";
import "./chunk-PPWLF4ZK.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
