import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  notJudgedJson,
  outsideTree,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-W44RVAZN.js";
import "./chunk-MHIWPTQD.js";
import "./chunk-T4FOID4L.js";
import "./chunk-5IP3NNJX.js";
import "./chunk-NXFFE74Q.js";
import "./chunk-HL2M4FMB.js";
import "./chunk-LVEPMWQZ.js";
import "./chunk-FJE4V3FT.js";
import "./chunk-LMJK7JYR.js";
export {
  applyInMemory,
  judgementJson,
  notJudgedJson,
  outsideTree,
  renderJudgement,
  runVerify,
  textLinter
};
