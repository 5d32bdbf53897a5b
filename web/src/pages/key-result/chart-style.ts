/**
 * Colours of the key result's charts. ECharts draws SVG attributes, which cannot read CSS custom
 * properties, so these are fixed values close to Designsystemet's palette, each at least 3:1 against
 * white. Series also differ by line style and symbol, never by colour alone.
 */
export const COLORS = {
  region: "#0b3d6e",
  organisation: "#c2410c",
  target: "#4a5560",
  others: "#8c96a3",
  version: "#6d28d9",
  axis: "#4a5560",
  grid: "#e3e7ec",
};

/** Distinct colours for the values of a dimension (stacked bars, lines). */
export const CATEGORY_COLORS = ["#0062ba", "#c2410c", "#0f7b54", "#7c3aed", "#a16207", "#be123c", "#0e7490", "#4d7c0f", "#9333ea", "#475569"];
