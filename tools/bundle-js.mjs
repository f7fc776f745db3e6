// trunk pre_build hook (also run by hand: node tools/bundle-js.mjs): bundle the
// playground's JavaScript with esbuild into target/bundle/ (build output, beside cargo's), which index.html copies into
// dist/. The CodeMirror packages come from node_modules at the versions package-lock.json
// pins; nothing is fetched at run time.
import { build } from "esbuild";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "target/bundle");
mkdirSync(out, { recursive: true });

// @lezer/common does not declare itself free of side effects, so esbuild would keep all
// of it for the one class @codemirror/commands names at the top; it has none, and
// saying so drops the parts the editor never uses (about 6 KB gzip).
const pureLezer = {
  name: "pure-lezer",
  setup(build) {
    build.onResolve({ filter: /^@lezer\/common$/ }, async (args) => {
      if (args.pluginData === "pure-lezer") return undefined; // the inner resolve below
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: "pure-lezer",
      });
      return { ...resolved, sideEffects: false };
    });
  },
};

const common = {
  plugins: [pureLezer],
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
  // The wasm-bindgen glue is trunk's output, loaded next to these files at run time.
  // The rule docs are imported only when a rule is opened, the examples but the first
  // when one is picked, the explanations and the lessons when first needed, and the
  // on-demand module (the comparison, the diffs, the Compose rules) by the worker when
  // it is first asked for.
  external: [
    "./bulkhead-web.js",
    "./rule-docs.js",
    "./examples.js",
    "./explain.js",
    "./lessons.js",
    "./bulkhead-variants.js",
    "./bulkhead-variants_bg.wasm.js",
  ],
};

await build({ ...common, entryPoints: [join(root, "web/js/editor.js")], outfile: join(out, "editor.js") });
await build({ ...common, entryPoints: [join(root, "web/js/worker.js")], outfile: join(out, "worker.js") });
// The page's start-up script and its service worker, minified as they are (nothing to
// bundle: boot.js imports the files next to it at run time, which stay external).
for (const name of ["boot.js", "sw.js"]) {
  const { external, plugins, ...plain } = common;
  await build({ ...plain, bundle: false, entryPoints: [join(root, "static", name)], outfile: join(out, name) });
}
