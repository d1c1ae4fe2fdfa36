// Read an HDF5 file with h5wasm (libhdf5 compiled to wasm) and print, as JSON,
// for every dataset its shape and the SHA-256 of its values as libhdf5 returns
// them in memory (native little-endian order; the raw bytes, so float16 and
// NaN payloads count), and how many groups and attributes it could read.
//
// usage: node tests/h5wasm_read.mjs PATH/TO/h5wasm/dist/node/hdf5_hl.js FILE.h5 REQUEST.json
// REQUEST.json: {path: {shape, sha} | {shape, tail, tail_at, tail_n}} — datasets
// with "tail" are only checked on their last elements (sparse multi-GiB data).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [libPath, file, reqPath] = process.argv.slice(2);
const h5wasm = await import(pathToFileURL(libPath).href);
const Module = await h5wasm.ready;
const req = JSON.parse(readFileSync(reqPath, "utf8"));

const out = { datasets: {}, ngroups: 0, nattrs: 0, errors: [], libversion: null };
try {
  if (Module.H5get_libversion) out.libversion = String(Module.H5get_libversion());
} catch (e) { /* optional */ }

const f = new h5wasm.File(file, "r");

function rawBytes(nbytes, fill) {
  const ptr = Module._malloc(Math.max(1, nbytes));
  try {
    fill(ptr);
    return Module.HEAPU8.slice(ptr, ptr + nbytes);
  } finally {
    Module._free(ptr);
  }
}

function readAttrs(obj, path) {
  let names = [];
  try {
    names = Object.keys(obj.attrs);
  } catch (e) {
    out.errors.push(`${path}: attrs: ${e.message}`);
    return;
  }
  for (const name of names) {
    try {
      const a = obj.attrs[name];
      const m = a.metadata;
      if (m.vlen || m.type === 3) {
        void a.value; // strings: let h5wasm decode them
      } else {
        const n = m.size * m.total_size;
        if (n > 0) rawBytes(n, (ptr) => Module.get_attribute_data(f.file_id, path, name, BigInt(ptr)));
      }
      out.nattrs++;
    } catch (e) {
      out.errors.push(`${path}@${name}: ${e.message}`);
    }
  }
}

function hex(u8) {
  return Buffer.from(u8).toString("hex");
}

function visit(group, path) {
  out.ngroups++;
  readAttrs(group, path);
  for (const name of group.keys()) {
    const p = path === "/" ? "/" + name : path + "/" + name;
    let obj;
    try {
      obj = f.get(p);
    } catch (e) {
      out.errors.push(`${p}: get: ${e.message}`);
      continue;
    }
    if (obj instanceof h5wasm.Group) {
      visit(obj, p);
    } else if (obj instanceof h5wasm.Dataset) {
      const r = {};
      try {
        const m = obj.metadata;
        r.shape = m.shape === null ? null : m.shape.map(Number);
        const want = req[p];
        if (want && want.tail !== undefined) {
          const a = want.tail_at, b = a + want.tail_n;
          const nbytes = m.size * want.tail_n;
          const bytes = rawBytes(nbytes, (ptr) =>
            Module.get_dataset_data(f.file_id, p, [BigInt(want.tail_n)], [BigInt(a)], [1n], BigInt(ptr)));
          r.tail = hex(bytes);
          void b;
        } else {
          const nbytes = m.size * Number(m.total_size);
          const bytes = nbytes > 0
            ? rawBytes(nbytes, (ptr) => Module.get_dataset_data(f.file_id, p, null, null, null, BigInt(ptr)))
            : new Uint8Array(0);
          r.sha = createHash("sha256").update(bytes).digest("hex");
        }
        readAttrs(obj, p);
      } catch (e) {
        r.error = e.message;
      }
      out.datasets[p] = r;
    }
  }
}

visit(f, "/");
f.close();
process.stdout.write(JSON.stringify(out));
