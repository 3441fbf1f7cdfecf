// Labels beside round markers (satellites on a sky plot) that overlap neither one another, nor any marker,
// nor the caller's fixed marks (compass letters), nor the plot's edge. Each label tries eight places around
// its marker, right of it first, as a reader looks; markers are served in the order given (the caller puts
// the important ones first), and a label that fits nowhere is left out: its marker keeps its tooltip. Greedy,
// as point labelling usually is: enough for the few dozen satellites of a sky plot. Isomorphic: used by the
// report's SVG and the browser demo.

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LabelRequest {
  /** The marker's centre and radius. */
  x: number;
  y: number;
  radius: number;
  /** The label's size. */
  width: number;
  height: number;
}

/**
 * The box a short label (`G12`, `E5`) takes in a sans-serif font of `fontSize`, on the generous side (DejaVu Sans,
 * a common wide default: G is 0.78 em, digits 0.64 em, bold 0.82 and 0.70; ascent and descent 1.17 em in all,
 * which a browser rounds up to whole pixels).
 * `labelBaseline`: where the text's baseline sits below the box's top.
 */
export const labelWidth = (text: string, fontSize: number, bold = false): number => text.length * fontSize * (bold ? 0.8 : 0.7);
export const labelHeight = (fontSize: number): number => fontSize * 1.3;
export const labelBaseline = (fontSize: number): number => fontSize * 1.0;

const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The box of a label placed at `angleDeg` around the marker (0 = right, 90 = above), `gap` away from its rim. */
function candidate(r: LabelRequest, angleDeg: number, gap: number): Box {
  const a = (angleDeg * Math.PI) / 180;
  const dx = Math.cos(a);
  const dy = -Math.sin(a);
  const reach = r.radius + gap;
  // The box's nearest side or corner sits on the ring of radius `reach` around the marker.
  const x = r.x + dx * reach + (dx > 0.3 ? 0 : dx < -0.3 ? -r.width : -r.width / 2);
  const y = r.y + dy * reach + (dy > 0.3 ? 0 : dy < -0.3 ? -r.height : -r.height / 2);
  return { x, y, width: r.width, height: r.height };
}

/** Right, upper right, lower right, above, below, upper left, lower left, left. */
const ANGLES = [0, 45, -45, 90, -90, 135, -135, 180];

/**
 * A box for each label, or undefined where none fits: inside `bounds`, clear of every marker, of `obstacles`
 * and of the labels placed before it.
 */
export function placeLabels(requests: readonly LabelRequest[], bounds: Box, obstacles: readonly Box[] = [], gap = 1.5): (Box | undefined)[] {
  const markers: Box[] = requests.map((r) => ({ x: r.x - r.radius, y: r.y - r.radius, width: 2 * r.radius, height: 2 * r.radius }));
  const taken: Box[] = [...obstacles];
  const inside = (b: Box): boolean =>
    b.x >= bounds.x && b.y >= bounds.y && b.x + b.width <= bounds.x + bounds.width && b.y + b.height <= bounds.y + bounds.height;
  return requests.map((r) => {
    for (const angle of ANGLES) {
      const box = candidate(r, angle, gap);
      if (!inside(box) || markers.some((m) => overlaps(box, m)) || taken.some((t) => overlaps(box, t))) continue;
      taken.push(box);
      return box;
    }
    return undefined;
  });
}
