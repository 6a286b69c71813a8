import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  addNoqa,
  addNoqaToNotebook,
  addNoqaToText
} from "./chunk-E7UEMG7T.js";
import "./chunk-LIJ57RHV.js";
import "./chunk-NXFFE74Q.js";
import "./chunk-7BJ2OWOE.js";
import "./chunk-GGU37MVN.js";
import "./chunk-LVEPMWQZ.js";
import "./chunk-TZHWCQJO.js";
import "./chunk-LMJK7JYR.js";
export {
  addNoqa,
  addNoqaToNotebook,
  addNoqaToText
};
