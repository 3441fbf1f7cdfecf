import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "web/dist/**", "test-artifacts/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: "readonly",
        process: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        TextDecoder: "readonly",
        TextEncoder: "readonly",
        URL: "readonly",
        performance: "readonly",
        Buffer: "readonly",
        EventTarget: "readonly",
        Event: "readonly",
        CustomEvent: "readonly",
        AbortController: "readonly",
        queueMicrotask: "readonly",
        fetch: "readonly",
        setImmediate: "readonly",
        structuredClone: "readonly",
        globalThis: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-empty": ["error", { allowEmptyCatch: false }],
    },
  },
  {
    // The core runs in browsers: no Node built-ins below the cli/node/sources layers.
    files: [
      "src/framing/**",
      "src/parsing/**",
      "src/state/**",
      "src/output/**",
      "src/methods/**",
      "src/orbits/**",
      "src/diagnosis/**",
      "src/sim/sky/**",
      "src/sim/random.ts",
      "src/types.ts",
      "src/dialects.ts",
      "src/dialect-commands.ts",
      "src/index.ts",
      "src/gps.ts",
      "src/sources/**",
      "src/replay/**",
      "src/fleet/**",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["node:*", "fs", "net", "events", "child_process", "serialport", "@serialport/*"],
              message: "the core is isomorphic: no Node built-ins (see ARCHITECTURE.md)",
            },
          ],
        },
      ],
      "no-restricted-globals": ["error", "Buffer", "process"],
    },
  },
);
