export const TEMPLATE_PATH = new URL("../../node_modules/.cache/veivalg/pglite-template.tar", import.meta.url);
