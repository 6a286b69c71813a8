import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  ROLE_DESCRIPTIONS,
  renderBrief
} from "./chunk-3OT6OPP3.js";
import "./chunk-5SNAC5ZD.js";
import "./chunk-POD25EKF.js";
import "./chunk-WXMX3OEA.js";
import "./chunk-5IP3NNJX.js";
import "./chunk-CLJKJHLA.js";
import "./chunk-LVEPMWQZ.js";
import "./chunk-FJE4V3FT.js";
import "./chunk-LMJK7JYR.js";
export {
  ROLE_DESCRIPTIONS,
  renderBrief
};
