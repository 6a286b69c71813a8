import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  ROLE_DESCRIPTIONS,
  renderBrief
} from "./chunk-PBVIV6E6.js";
import "./chunk-5IP3NNJX.js";
import "./chunk-4M76TSP6.js";
import "./chunk-LVEPMWQZ.js";
import "./chunk-POLEUVS5.js";
export {
  ROLE_DESCRIPTIONS,
  renderBrief
};
