import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-5JCZXLJM.js";
import "./chunk-5D46GTFS.js";
import "./chunk-TBLAQ7QD.js";
import "./chunk-J5ALXUWQ.js";
import "./chunk-YY5UNRUJ.js";
export {
  applyInMemory,
  judgementJson,
  renderJudgement,
  runVerify,
  textLinter
};
