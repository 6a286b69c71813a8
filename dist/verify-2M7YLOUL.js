import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-B26IBMLU.js";
import "./chunk-DDAXTURZ.js";
import "./chunk-EGRQP4JB.js";
import "./chunk-ILVL6RIU.js";
import "./chunk-JV2PYPMK.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
