/**
 * The topology as SVG, drawn in-process by Graphviz compiled to WebAssembly (`@viz-js/viz`, its
 * wasm embedded in the module). Loaded only when SVG is asked for: it is a megabyte the rest of
 * pyteam-lint never needs.
 */
import type { Topology } from './graph.js';
import { renderDot } from './dot.js';

export async function renderSvg(topology: Topology): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  return viz.renderString(renderDot(topology), { format: 'svg', engine: 'dot' });
}
