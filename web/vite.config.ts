// The demo page: `npm run demo` serves it (http://127.0.0.1:5173), `npm run build:web` builds web/dist.
// It imports gnsskit from the sources (src/browser), so what it shows is the code under test.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  server: { host: "127.0.0.1", port: 5173 },
  preview: { host: "127.0.0.1" },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", reportCompressedSize: false },
});
