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
} from "./chunk-IUDG2B2L.js";
import "./chunk-M5EQ4GD6.js";
import "./chunk-VLULLJBS.js";
import "./chunk-5IP3NNJX.js";
import "./chunk-NXFFE74Q.js";
import "./chunk-4GMJKXNH.js";
import "./chunk-LVEPMWQZ.js";
import "./chunk-7RCYGNMZ.js";
export {
  applyInMemory,
  judgementJson,
  notJudgedJson,
  outsideTree,
  renderJudgement,
  runVerify,
  textLinter
};
