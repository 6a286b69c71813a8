// Writes a deterministic corpus of realistic ML-pipeline modules (about `lines` lines) under `dir`,
// so anyone can reproduce the benchmark figures without shipping a real repository.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const TEMPLATES = [
  (n, r) => `class Stage${n}Config:
    """Configuration for stage ${n}."""

    def __init__(self, size: int = ${Math.floor(r() * 640)}, threshold: float = ${r().toFixed(3)}) -> None:
        self.size = size
        self.threshold = threshold
        self.labels = [f"label_{i}" for i in range(${Math.floor(r() * 80)})]

    def as_dict(self) -> dict:
        return {"size": self.size, "threshold": self.threshold, "labels": list(self.labels)}
`,
  (n) => `def preprocess_${n}(frame: np.ndarray, size: int = 640) -> torch.Tensor:
    image = cv2.resize(frame, (size, size))
    image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
    tensor = torch.from_numpy(image).permute(2, 0, 1).float() / 255.0
    return tensor.unsqueeze(0)
`,
  (n) => `def capture_${n}(frame_q: mp.Queue, source: str, stop: mp.Event) -> None:
    cap = cv2.VideoCapture(source)
    while not stop.is_set():
        ok, frame = cap.read()
        if not ok:
            break
        frame_q.put(FrameMsg(frame_id=${n}, image=frame))
    frame_q.put(None)
`,
  (n) => `def detect_${n}(in_q: mp.Queue, out_q: mp.Queue, weights: str) -> None:
    model = torch.load(weights, map_location="cpu", weights_only=True)
    while True:
        try:
            item = in_q.get(timeout=0.5)
        except queue.Empty:
            continue
        if item is None:
            out_q.put(None)
            break
        with torch.no_grad():
            boxes = model(preprocess_${n}(item.image))
        out_q.put(Detections(frame_id=item.frame_id, boxes=boxes.tolist()))
`,
  (n, r) => `async def handle_${n}(request: dict, model: Any) -> dict:
    payload = await read_body(request)
    loop = asyncio.get_running_loop()
    scores = await loop.run_in_executor(None, model.predict, payload["image"])
    await asyncio.sleep(${r().toFixed(2)})
    return {"scores": scores, "request_id": request.get("id")}
`,
  (n, r) => `def train_epoch_${n}(model: nn.Module, loader: DataLoader, optimizer: torch.optim.Optimizer) -> float:
    model.train()
    total = 0.0
    for step, (images, targets) in enumerate(loader):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images), targets, label_smoothing=${r().toFixed(2)})
        loss.backward()
        optimizer.step()
        total += float(loss.item())
        if step % 100 == 0:
            logger.info("step %d loss %.4f", step, total / (step + 1))
    return total / max(1, len(loader))
`,
  (n) => `class Head${n}(nn.Module):
    def __init__(self, channels: int, classes: int) -> None:
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, kernel_size=3, padding=1)
        self.norm = nn.BatchNorm2d(channels)
        self.fc = nn.Linear(channels, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.norm(self.conv(x)))
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.fc(x)
`,
];

// Real ML code carries a few findings per thousand lines (856 in the 291k lines of timm, Lightning
// and YOLOv5), so a few templates hold the anti-patterns the rules look for; the benchmark then
// also pays for reporting, as a real run does.
const FLAWED = [
  (n) => `def load_legacy_${n}(path: str) -> dict:
    return torch.load(path, map_location="cpu")
`,
  (n) => `def drain_${n}(in_q: mp.Queue) -> None:
    while True:
        item = in_q.get()
        logger.info("frame %s", item.frame_id)
`,
  (n) => `def publish_${n}(out_q: mp.Queue, frame_id: int, boxes: list) -> None:
    out_q.put({"frame_id": frame_id, "boxes": boxes})
`,
];

const HEADER = `"""Synthetic module of an ML pipeline, for benchmarks."""
from __future__ import annotations

import asyncio
import logging
import multiprocessing as mp
import queue
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FrameMsg:
    frame_id: int
    image: Any


@dataclass(frozen=True)
class Detections:
    frame_id: int
    boxes: list


async def read_body(request: dict) -> dict:
    return request
`;

export function synthesize(dir, lines) {
  const r = rng(42);
  let written = 0;
  let file = 0;
  let n = 0;
  while (written < lines) {
    const pkg = path.join(dir, `pipeline_${Math.floor(file / 40)}`);
    mkdirSync(pkg, { recursive: true });
    if (file % 40 === 0) writeFileSync(path.join(pkg, '__init__.py'), '');
    const parts = [HEADER];
    const target = 150 + Math.floor(r() * 350);
    let count = HEADER.split('\n').length;
    while (count < target) {
      const pool = r() < 0.03 ? FLAWED : TEMPLATES;
      const text = pool[Math.floor(r() * pool.length)](n++, r);
      parts.push(text);
      count += text.split('\n').length + 1;
    }
    const source = parts.join('\n\n');
    writeFileSync(path.join(pkg, `module_${file}.py`), source);
    written += source.split('\n').length;
    file++;
  }
}
