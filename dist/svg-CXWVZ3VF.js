import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  renderDot
} from "./chunk-LKTXX275.js";
import "./chunk-POD25EKF.js";
import "./chunk-5IP3NNJX.js";
import "./chunk-LMJK7JYR.js";

// src/topology/svg.ts
async function renderSvg(topology) {
  const { instance } = await import("./viz-CWI4Q2IU.js");
  const viz = await instance();
  return viz.renderString(renderDot(topology), { format: "svg", engine: "dot" });
}
export {
  renderSvg
};
