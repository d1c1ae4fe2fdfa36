// Write chunked-dataset test files with h5wasm (libhdf5 2.0 in wasm) for
// test-chunked (the chunk indexes of hdf5lite.c, C.7).
//   node gen_h5wasm_chunked.mjs PATH/TO/h5wasm/dist/node/hdf5_hl.js OUTDIR
// Files: wasm_v200.h5 (libver v200: layout v5, filtered chunk sizes in
// "size of lengths" bytes), wasm_v114.h5 (layout v4), wasm_default.h5
// (libhdf5 2.0 defaults: layout v3 / v1 B-tree). Each holds fixed arrays
// (paged), extensible arrays (20,000 chunks: super blocks), v2 B-trees
// (internal nodes), single chunks, filtered (gzip) and not, sparse writes.
// Also OUTDIR/manifest_h5wasm.json, OUTDIR/expect/FILE__DS.bin (the values,
// little-endian) and OUTDIR/list.txt lines for test_chunked.
import { mkdirSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [libPath, outdir] = process.argv.slice(2);
const h5wasm = await import(pathToFileURL(libPath).href);
await h5wasm.ready;
mkdirSync(`${outdir}/expect`, { recursive: true });
const manifest = {};

function vals(n, T, seed = 0) {
  const a = new T(n);
  for (let i = 0; i < n; i++) a[i] = (i * 7 + seed) % 251;
  return a;
}
const TYPES = { "<i": [Int32Array, 4], "<B": [Uint8Array, 1], "<h": [Int16Array, 2], "<d": [Float64Array, 8] };

class W {
  constructor(name, libver) {
    this.name = name;
    this.f = new h5wasm.File(`${outdir}/${name}`, "w", libver ? { libver } : undefined);
    this.libver = libver;
    this.ds = {};
    manifest[name] = this.ds;
  }
  // create with shape (all written) or sparse: shape0 = initial shape (empty), then resize
  create(name, dt, shape, chunks, { maxshape = null, gzip = false, data = null } = {}) {
    const [T] = TYPES[dt];
    const n = shape.reduce((a, b) => a * b, 1);
    const d = data ?? vals(n, T);
    const args = { name, data: d, shape, chunks, dtype: dt };
    if (maxshape) args.maxshape = maxshape;
    if (gzip) args.compression = "gzip";
    this.f.create_dataset(args);
    this.ds[name] = { shape: [...shape], dtype: dt, itemsize: TYPES[dt][1], chunks, filters: gzip ? [1] : [], early: false,
                      boxes: n ? [[shape.map(() => 0), [...shape]]] : [], mirror: Array.from(d) };
  }
  // grow a (1-D or 2-D) dataset and write boxes [[start..],[stop..]] with value v
  grow(name, shape, boxes, v) {
    const e = this.ds[name];
    const ds = this.f.get(name);
    ds.resize(shape);
    const n = shape.reduce((a, b) => a * b, 1);
    const m = new Array(n).fill(0);
    // copy the old mirror (row-major) into the new shape
    const old = e.shape;
    const on = old.reduce((a, b) => a * b, 1);
    for (let i = 0; i < on; i++) {
      let r = i, idx = 0, mul = 1;
      const c = new Array(old.length);
      for (let k = old.length - 1; k >= 0; k--) { c[k] = r % old[k]; r = Math.floor(r / old[k]); }
      for (let k = shape.length - 1; k >= 0; k--) { idx += c[k] * mul; mul *= shape[k]; }
      m[idx] = e.mirror[i];
    }
    e.shape = [...shape];
    e.mirror = m;
    const [T] = TYPES[e.dtype];
    for (const [a, b] of boxes) {
      const cnt = b.map((x, k) => x - a[k]).reduce((p, q) => p * q, 1);
      const data = new T(cnt).fill(v);
      ds.write_slice(a.map((x, k) => [x, b[k]]), data);
      // mirror
      const dims = b.map((x, k) => x - a[k]);
      for (let i = 0; i < cnt; i++) {
        let r = i, idx = 0, mul = 1;
        const c = new Array(dims.length);
        for (let k = dims.length - 1; k >= 0; k--) { c[k] = r % dims[k] + a[k]; r = Math.floor(r / dims[k]); }
        for (let k = shape.length - 1; k >= 0; k--) { idx += c[k] * mul; mul *= shape[k]; }
        m[idx] = v;
      }
      e.boxes.push([a, b]);
    }
  }
  close() {
    this.f.close();
    for (const [name, e] of Object.entries(this.ds)) {
      const [T] = TYPES[e.dtype];
      writeFileSync(`${outdir}/expect/${this.name}__${name}.bin`, Buffer.from(T.from(e.mirror).buffer));
      delete e.mirror;
    }
  }
}

function populate(w, big) {
  const nfa = 3000, nea = big ? 20000 : 3000;
  w.create("fa", "<i", [nfa * 2], [2]);
  w.create("fa_gz", "<i", [nfa * 2], [2], { gzip: true });
  w.create("fa2d_gz", "<h", [200, 300], [4, 5], { gzip: true });
  w.create("fa_small", "<d", [100], [1], { gzip: true });
  w.create("single", "<i", [10, 20], [10, 20]);
  w.create("single_gz", "<i", [10, 20], [10, 20], { gzip: true });
  w.create("ea", "<B", [nea], [1], { maxshape: [null] });
  w.create("ea_gz", "<i", [nea * 2], [2], { maxshape: [null], gzip: true });
  w.create("ea_second", "<i", [10, 900], [4, 3], { maxshape: [10, null], gzip: true });
  w.create("ea_sparse", "<h", [0], [2], { maxshape: [null] });
  const boxes = [];
  for (let k = 0; k < 20000; k += 13) boxes.push([[2 * k], [2 * k + 2]]);
  w.grow("ea_sparse", [40000], boxes, 5);
  w.create("bt2", "<B", [500, 500], [5, 5], { maxshape: [null, null] });
  w.create("bt2_gz", "<i", [300, 300], [4, 4], { maxshape: [null, null], gzip: true });
  w.create("bt2_sparse", "<h", [0, 0], [10, 10], { maxshape: [null, null] });
  const b2 = [];
  for (let k = 0; k < 10000; k += 7) { const r = Math.floor(k / 100), c = k % 100; b2.push([[r * 10, c * 10], [r * 10 + 10, c * 10 + 10]]); }
  w.grow("bt2_sparse", [1000, 1000], b2, 9);
  if (w.libver !== "v114") {
    // chunks of more than 4 GiB: libhdf5 2.0 then writes a version 5 layout
    // even without filters and with the default bounds (never allocated here)
    w.create("big_plain", "<B", [0, 0], [65536, 65537], { maxshape: [null, null] });
    w.create("big_gz", "<B", [0, 0], [65536, 65537], { maxshape: [null, null], gzip: true });
    w.create("big_ea", "<B", [0], [4294967297], { maxshape: [null], gzip: true });
  }
}

for (const [name, libver, big] of [["wasm_v200.h5", "v200", true], ["wasm_latest.h5", "latest", false],
                                   ["wasm_v114.h5", "v114", false], ["wasm_default.h5", null, true]]) {
  const w = new W(name, libver);
  populate(w, big);
  w.close();
}
writeFileSync(`${outdir}/manifest_h5wasm.json`, JSON.stringify(manifest, null, 1));
writeFileSync(`${outdir}/list.txt`, Object.entries(manifest).flatMap(([f, ds]) =>
  Object.keys(ds).map((d) => `${f} ${d} expect/${f}__${d}.bin`)).join("\n") + "\n");
console.log("h5wasm wrote", Object.keys(manifest).join(" "));
