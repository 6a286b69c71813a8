import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  ROLE_DESCRIPTIONS,
  renderBrief
} from "./chunk-XIUSFSYI.js";
import "./chunk-5IP3NNJX.js";
import "./chunk-ZCV5AC32.js";
import "./chunk-LVEPMWQZ.js";
import "./chunk-FKDW2XG2.js";
export {
  ROLE_DESCRIPTIONS,
  renderBrief
};
