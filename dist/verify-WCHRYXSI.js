import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  applyInMemory,
  judgementJson,
  outsideTree,
  renderJudgement,
  runVerify,
  textLinter
} from "./chunk-UVOO5VTK.js";
import "./chunk-G4O6PK7K.js";
import "./chunk-NXFFE74Q.js";
import "./chunk-BRQOK3Q5.js";
import "./chunk-A4C7QEXH.js";
import "./chunk-5IP3NNJX.js";
import "./chunk-RI5M3CY7.js";
export {
  applyInMemory,
  judgementJson,
  outsideTree,
  renderJudgement,
  runVerify,
  textLinter
};
