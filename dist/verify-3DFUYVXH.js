import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-3OUG6GUR.js";
import "./chunk-LG6UOJRA.js";
import "./chunk-FTNPDE2O.js";
import "./chunk-3A7EJZEQ.js";
import "./chunk-QFPFZNRJ.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
