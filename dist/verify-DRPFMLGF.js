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
} from "./chunk-MHRJC6RR.js";
import "./chunk-NV6W7L7W.js";
import "./chunk-JTUKTDH6.js";
import "./chunk-5IP3NNJX.js";
import "./chunk-NXFFE74Q.js";
import "./chunk-32EOWXHF.js";
import "./chunk-LVEPMWQZ.js";
import "./chunk-FKDW2XG2.js";
export {
  applyInMemory,
  judgementJson,
  notJudgedJson,
  outsideTree,
  renderJudgement,
  runVerify,
  textLinter
};
