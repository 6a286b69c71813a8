import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  ROLE_DESCRIPTIONS,
  renderBrief
} from "./chunk-ZEEYQZYW.js";
import "./chunk-XMOMR5BO.js";
import "./chunk-POD25EKF.js";
import "./chunk-5IP3NNJX.js";
import "./chunk-6LGTCG2P.js";
import "./chunk-LVEPMWQZ.js";
import "./chunk-VL4C7NOD.js";
import "./chunk-LMJK7JYR.js";
export {
  ROLE_DESCRIPTIONS,
  renderBrief
};
