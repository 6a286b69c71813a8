import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  ROLE_DESCRIPTIONS,
  renderBrief
} from "./chunk-5HN5PPC3.js";
import "./chunk-5IP3NNJX.js";
import "./chunk-SHDEU5SY.js";
import "./chunk-LVEPMWQZ.js";
import "./chunk-7RCYGNMZ.js";
export {
  ROLE_DESCRIPTIONS,
  renderBrief
};
