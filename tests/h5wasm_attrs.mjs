// Attributes as libhdf5 2.0 (h5wasm) reads them: for each object path in
// REQUEST.json (a JSON array), its attribute names in the order h5wasm lists
// them and, per attribute, the SHA-256 of its values: fixed types as the raw
// bytes libhdf5 returns, vlen strings as their UTF-8 joined by "\n".
//
// usage: node tests/h5wasm_attrs.mjs PATH/TO/h5wasm/dist/node/hdf5_hl.js FILE.h5 REQUEST.json
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [libPath, file, reqPath] = process.argv.slice(2);
const h5wasm = await import(pathToFileURL(libPath).href);
const Module = await h5wasm.ready;
const paths = JSON.parse(readFileSync(reqPath, "utf8"));
const out = { objects: {}, errors: [] };
const f = new h5wasm.File(file, "r");

for (const p of paths) {
  const r = { names: [], sha: {} };
  try {
    const obj = p === "/" ? f : f.get(p);
    r.names = Object.keys(obj.attrs);
    for (const name of r.names) {
      try {
        const a = obj.attrs[name];
        const m = a.metadata;
        let bytes;
        if (m.vlen) {
          let v = a.value;
          if (!Array.isArray(v)) v = (v === null || v === undefined) ? [] : [v];
          bytes = Buffer.from(v.join("\n"), "utf8");
        } else {
          const n = m.size * Number(m.total_size);
          const ptr = Module._malloc(Math.max(1, n));
          try {
            if (n > 0) Module.get_attribute_data(f.file_id, p, name, BigInt(ptr));
            bytes = Module.HEAPU8.slice(ptr, ptr + n);
          } finally {
            Module._free(ptr);
          }
        }
        r.sha[name] = createHash("sha256").update(bytes).digest("hex");
      } catch (e) {
        out.errors.push(`${p}@${name}: ${e.message}`);
      }
    }
  } catch (e) {
    out.errors.push(`${p}: ${e.message}`);
  }
  out.objects[p] = r;
}
f.close();
process.stdout.write(JSON.stringify(out));
