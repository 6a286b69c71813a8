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
} from "./chunk-NA3LIY2L.js";
import "./chunk-UNNGNW7C.js";
import "./chunk-5HEYEOF6.js";
import "./chunk-5IP3NNJX.js";
import "./chunk-NXFFE74Q.js";
import "./chunk-SO665IFZ.js";
import "./chunk-LVEPMWQZ.js";
import "./chunk-VL4C7NOD.js";
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
