// Label placement beside round markers: no label over another label, a marker, an obstacle or the edge.

import { describe, expect, it } from "vitest";
import { placeLabels, type Box, type LabelRequest } from "../../src/output/labels.js";

const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const marker = (r: LabelRequest): Box => ({ x: r.x - r.radius, y: r.y - r.radius, width: 2 * r.radius, height: 2 * r.radius });
const label = (x: number, y: number): LabelRequest => ({ x, y, radius: 5, width: 24, height: 13 });
const BOUNDS: Box = { x: 0, y: 0, width: 300, height: 300 };

/** Every placed label clear of every other label and marker, of the obstacles, inside the bounds. */
function expectClear(requests: LabelRequest[], boxes: (Box | undefined)[], obstacles: Box[] = []): void {
  const placed = boxes.filter((b): b is Box => b !== undefined);
  for (const [k, a] of placed.entries()) {
    for (const b of placed.slice(k + 1)) expect(overlap(a, b)).toBe(false);
    for (const r of requests) expect(overlap(a, marker(r))).toBe(false);
    for (const o of obstacles) expect(overlap(a, o)).toBe(false);
    expect(a.x >= 0 && a.y >= 0 && a.x + a.width <= 300 && a.y + a.height <= 300).toBe(true);
  }
}

describe("placeLabels", () => {
  it("a lone marker's label sits right of it, centred on it", () => {
    const [box] = placeLabels([label(100, 100)], BOUNDS);
    expect(box).toEqual({ x: 106.5, y: 93.5, width: 24, height: 13 });
  });

  it("a cluster: labels go round their markers, none over another label or any marker", () => {
    // Six satellites within 20 units, as G27/E21/R10 sat on the report's sky plot.
    const requests = [label(100, 100), label(108, 104), label(96, 112), label(115, 95), label(104, 90), label(120, 110)];
    const boxes = placeLabels(requests, BOUNDS);
    expectClear(requests, boxes);
    expect(boxes.filter((b) => b !== undefined).length).toBeGreaterThanOrEqual(5);
  });

  it("the edge and the caller's obstacles (compass letters) are avoided; a label with no room is left out", () => {
    const east: Box = { x: 285, y: 140, width: 12, height: 14 };
    const requests = [label(290, 150), label(150, 150)];
    const boxes = placeLabels(requests, BOUNDS, [east]);
    expectClear(requests, boxes, [east]);
    expect(boxes[0]!.x + boxes[0]!.width).toBeLessThanOrEqual(285); // moved left of the marker, off the edge and the E
    // Boxed in by four neighbours and their labels: nowhere left.
    const crowd = [
      label(150, 150),
      label(150, 150),
      label(150, 150),
      label(150, 150),
      label(150, 150),
      label(150, 150),
      label(150, 150),
      label(150, 150),
      label(150, 150),
    ];
    const placed = placeLabels(crowd, BOUNDS);
    expect(placed.filter((b) => b === undefined).length).toBeGreaterThan(0);
    expectClear(crowd, placed);
  });
});
