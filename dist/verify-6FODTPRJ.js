import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-MNCOFHBB.js";
import "./chunk-EFVKQ6OQ.js";
import "./chunk-7DGZFLMC.js";
import "./chunk-OKKPVLV3.js";
import "./chunk-4FWOFUBR.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
