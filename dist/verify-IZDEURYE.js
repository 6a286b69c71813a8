import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-Z3CC6NMN.js";
import "./chunk-DHO7VHI2.js";
import "./chunk-RJKTBME3.js";
import "./chunk-SLR4I3EK.js";
import "./chunk-PPWLF4ZK.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
