import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-LLIGB2NA.js";
import "./chunk-SYUQZ43Z.js";
import "./chunk-EKZDX3YB.js";
import "./chunk-EQ6ID76L.js";
import "./chunk-POPC2ITQ.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
