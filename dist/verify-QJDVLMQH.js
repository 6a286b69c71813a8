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
} from "./chunk-RM23GIOV.js";
import "./chunk-UAQ6ZND7.js";
import "./chunk-WOE5YSDZ.js";
import "./chunk-5IP3NNJX.js";
import "./chunk-NXFFE74Q.js";
import "./chunk-U2L7VHY4.js";
import "./chunk-LVEPMWQZ.js";
import "./chunk-POLEUVS5.js";
export {
  applyInMemory,
  judgementJson,
  notJudgedJson,
  outsideTree,
  renderJudgement,
  runVerify,
  textLinter
};
