import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-GRNDY7JZ.js";
import "./chunk-YWBOF3II.js";
import "./chunk-TJZSUN23.js";
import "./chunk-4CKWV2CY.js";
import "./chunk-EFD2V43X.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
