import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The web app is served by the API server from web/dist; in development Vite proxies the API.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, target: "es2022", chunkSizeWarningLimit: 700 },
  server: { proxy: { "/api": "http://localhost:8080" } },
});
