import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  addNoqa,
  addNoqaToText
} from "./chunk-ST4PT7ZU.js";
import "./chunk-LIJ57RHV.js";
import "./chunk-NXFFE74Q.js";
import "./chunk-SO665IFZ.js";
import "./chunk-6LGTCG2P.js";
import "./chunk-LVEPMWQZ.js";
import "./chunk-VL4C7NOD.js";
import "./chunk-LMJK7JYR.js";
export {
  addNoqa,
  addNoqaToText
};
