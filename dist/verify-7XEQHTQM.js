import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  outsideTree,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-R2T3XEQP.js";
import "./chunk-3SUHBAUN.js";
import "./chunk-NXFFE74Q.js";
import "./chunk-OUJP5ULN.js";
import "./chunk-A4C7QEXH.js";
import "./chunk-5IP3NNJX.js";
import "./chunk-RI5M3CY7.js";
export {
  applyInMemory,
  judgementJson,
  outsideTree,
  renderJudgement,
  runVerify,
  textLinter
};
