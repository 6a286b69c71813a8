import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  addNoqa,
  addNoqaToNotebook,
  addNoqaToText
} from "./chunk-CTM5ED5Z.js";
import "./chunk-LIJ57RHV.js";
import "./chunk-NXFFE74Q.js";
import "./chunk-HL2M4FMB.js";
import "./chunk-CLJKJHLA.js";
import "./chunk-LVEPMWQZ.js";
import "./chunk-FJE4V3FT.js";
import "./chunk-LMJK7JYR.js";
export {
  addNoqa,
  addNoqaToNotebook,
  addNoqaToText
};
