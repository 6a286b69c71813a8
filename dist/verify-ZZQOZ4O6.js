import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-4IWEQ4RR.js";
import "./chunk-QKBEUGEY.js";
import "./chunk-BYEFJX2H.js";
import "./chunk-WYJTE6M2.js";
import "./chunk-QTWR2Z7Y.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
