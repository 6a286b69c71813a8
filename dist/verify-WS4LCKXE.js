import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-B7M6OPPI.js";
import "./chunk-LIGWP4DU.js";
import "./chunk-WR5SC7QC.js";
import "./chunk-NZZ4P6JV.js";
import "./chunk-H6BJX6MN.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
