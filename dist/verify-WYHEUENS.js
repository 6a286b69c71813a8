import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-KNOCBWTH.js";
import "./chunk-HBHOPV57.js";
import "./chunk-LZSHKDMZ.js";
import "./chunk-TGP6HGBV.js";
import "./chunk-OSBMAGKX.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
