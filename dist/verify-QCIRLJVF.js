import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-HE7WNHBG.js";
import "./chunk-QBOVLL65.js";
import "./chunk-FHU75FC4.js";
import "./chunk-WYJTE6M2.js";
import "./chunk-QTWR2Z7Y.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
