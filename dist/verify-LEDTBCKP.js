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
} from "./chunk-YHDR37S4.js";
import "./chunk-GIEINW3D.js";
import "./chunk-KX3DNDJZ.js";
import "./chunk-5IP3NNJX.js";
import "./chunk-NXFFE74Q.js";
import "./chunk-7BJ2OWOE.js";
import "./chunk-LVEPMWQZ.js";
import "./chunk-TZHWCQJO.js";
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
