// Small statistics helpers for the bench report.

/** The median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Least-squares line through (x, y) points.
 * @returns slope, intercept and the coefficient of determination R² (1 = perfectly linear)
 */
export function linearFit(xs, ys) {
  const n = xs.length;
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - meanX) * (ys[i] - meanY);
    sxx += (xs[i] - meanX) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const ssTot = ys.reduce((acc, y) => acc + (y - meanY) ** 2, 0);
  const ssRes = ys.reduce((acc, y, i) => acc + (y - (intercept + slope * xs[i])) ** 2, 0);
  return { slope, intercept, r2: ssTot === 0 ? 1 : 1 - ssRes / ssTot };
}

/**
 * How much steeper the last segment is than the first: the per-group cost from the second-to-last
 * to the last point, divided by the per-group cost from the first to the second-to-last point.
 * About 1 for linear growth, clearly above 1 for super-linear growth.
 */
export function curvature(xs, ys) {
  const n = xs.length;
  const late = (ys[n - 1] - ys[n - 2]) / (xs[n - 1] - xs[n - 2]);
  const early = (ys[n - 2] - ys[0]) / (xs[n - 2] - xs[0]);
  return early > 0 ? late / early : Number.NaN;
}
