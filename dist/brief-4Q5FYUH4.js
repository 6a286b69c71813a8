import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  ROLE_DESCRIPTIONS,
  renderBrief
} from "./chunk-OS4ZLADO.js";
import "./chunk-FKA25RWO.js";
import "./chunk-POD25EKF.js";
import "./chunk-WXMX3OEA.js";
import "./chunk-5IP3NNJX.js";
import "./chunk-GGU37MVN.js";
import "./chunk-LVEPMWQZ.js";
import "./chunk-TZHWCQJO.js";
import "./chunk-LMJK7JYR.js";
export {
  ROLE_DESCRIPTIONS,
  renderBrief
};
