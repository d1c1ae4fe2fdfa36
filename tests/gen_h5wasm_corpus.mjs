// Write HDF5 files with h5wasm (libhdf5 2.0 compiled to wasm) for the reader
// interop test (tests/interop_corpus.mk): libhdf5 2.0's defaults and libver
// bounds up to "latest"; groups (also creation-order tracked), hundreds of
// links, datasets of several types (ints/floats of every width, strings
// fixed/vlen/UTF-8, packed compound, references, chunked + gzip), attributes
// incl. strings, soft/hard/external links.
//
// usage: node tests/gen_h5wasm_corpus.mjs PATH/TO/h5wasm/dist/node/hdf5_hl.js OUTDIR
//   (h5wasm is installed with: npm install --prefix build/npm h5wasm)
// Writes OUTDIR/h5wasm_*.h5 (files h5py 3.x / libhdf5 1.10 can read completely)
// and OUTDIR/extra/h5wasm_*.h5 (files with features h5py cannot view: references,
// files libhdf5 1.10 may refuse). Prints the h5wasm libhdf5 version.
import { mkdirSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [libPath, outdir] = process.argv.slice(2);
if (!libPath || !outdir) {
  console.error("usage: node gen_h5wasm_corpus.mjs PATH/TO/hdf5_hl.js OUTDIR");
  process.exit(1);
}
const h5wasm = await import(pathToFileURL(libPath).href);
const Module = await h5wasm.ready;
mkdirSync(`${outdir}/extra`, { recursive: true });

let failures = 0;
function step(what, fn) {
  try {
    fn();
  } catch (e) {
    failures++;
    console.error(`gen_h5wasm_corpus: ${what}: ${e && e.message ? e.message : e}`);
  }
}

function populate(f, opts) {
  const many = opts.many ?? 50;
  const track = opts.track ?? false;
  const g = f.create_group("grp", track);
  const sub = g.create_group("sub", track);
  step("ints", () => {
    g.create_dataset({ name: "i8", data: new Int8Array([-128, -1, 0, 127]) });
    g.create_dataset({ name: "u8", data: new Uint8Array([0, 1, 255]) });
    g.create_dataset({ name: "i16", data: new Int16Array([-32768, 2, 32767]) });
    g.create_dataset({ name: "u16", data: new Uint16Array([0, 65535]) });
    g.create_dataset({ name: "i32", data: new Int32Array([-2147483648, 0, 2147483647]) });
    g.create_dataset({ name: "u32", data: new Uint32Array([0, 4294967295]) });
    g.create_dataset({ name: "i64", data: new BigInt64Array([-9223372036854775808n, 0n, 9223372036854775807n]) });
    g.create_dataset({ name: "u64", data: new BigUint64Array([0n, 18446744073709551615n]) });
  });
  step("floats", () => {
    g.create_dataset({ name: "f32", data: new Float32Array([1.5, -0.0, Infinity, -Infinity, NaN, 3.4e38, 1e-45]) });
    g.create_dataset({ name: "f64", data: new Float64Array([Math.PI, -0.0, 5e-324, 1.7976931348623157e308, NaN]) });
  });
  step("2-D and scalar", () => {
    const a = new Float64Array(24);
    for (let i = 0; i < 24; i++) a[i] = i / 7;
    sub.create_dataset({ name: "m4x6", data: a, shape: [4, 6] });
    sub.create_dataset({ name: "cube", data: new Int32Array(24).map((_, i) => i - 12), shape: [2, 3, 4] });
    sub.create_dataset({ name: "scalar_f64", data: 2.75, shape: [] });
    sub.create_dataset({ name: "scalar_i32", data: 42, shape: [] });
    sub.create_dataset({ name: "empty", data: new Float32Array(0), shape: [0] });
  });
  step("strings", () => {
    g.create_dataset({ name: "vstr", data: ["alpha", "", "\u00e9t\u00e9 \u20ac", "x".repeat(300)] });
    g.create_dataset({ name: "fixed_S8", data: ["abc", "defghijk", ""], dtype: "S8" });
    g.create_dataset({ name: "fixed_A5", data: ["ab", "abcde"], dtype: "A5" });
    g.create_dataset({ name: "vstr_scalar", data: "just one", shape: [] });
  });
  step("compound", () => {
    // packed compound {a:<i4, b:<f8, c:<i2} given column-wise (h5wasm packs members)
    const cols = new Map([["a", new Int32Array([-5, 6, 17])],
                          ["b", new Float64Array([0.125, 0.625, -1e300])],
                          ["c", new Int16Array([100, -200, 300])]]);
    g.create_dataset({ name: "compound", data: cols, shape: [3],
                       dtype: [["a", "<i4"], ["b", "<f8"], ["c", "<h"]] });
  });
  step("chunked", () => {
    const n = 1000;
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) a[i] = Math.sin(i);
    g.create_dataset({ name: "chunked_gzip", data: a, chunks: [100], compression: "gzip", compression_opts: 5 });
    g.create_dataset({ name: "chunked_plain", data: new Int32Array(60), shape: [10, 6], chunks: [5, 3] });
    g.create_dataset({ name: "chunked_unlimited", data: new Int16Array([1, 2, 3, 4, 5]), maxshape: [null], chunks: [2] });
  });
  step("attributes", () => {
    g.create_attribute("title", "a vlen UTF-8 string \u2713");
    g.create_attribute("names", ["one", "two", "three"]);
    g.create_attribute("fixed", "fixedstr", null, "S8");
    g.create_attribute("scalar_int", 7, []);
    g.create_attribute("ints", new Int32Array([1, 2, 3]));
    g.create_attribute("floats2d", new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    g.create_attribute("i64", new BigInt64Array([-5n]), []);
    g.create_attribute("u8s", new Uint8Array([0, 128, 255]));
    g.create_attribute("empty_str", "");
    const ds = g.get("f64");
    ds.create_attribute("unit", "m/s");
    ds.create_attribute("scale", 0.5, []);
    f.create_attribute("root_attr", "on the root");
    for (let i = 0; i < 20; i++) sub.create_attribute(`attr_${String(i).padStart(2, "0")}`, i * 1.5, []);
  });
  step("many links", () => {
    const m = f.create_group("many", track);
    for (let i = many - 1; i >= 0; i--) {
      if (i % 3 === 0) m.create_group(`g${String(i).padStart(4, "0")}`);
      else m.create_dataset({ name: `d${String(i).padStart(4, "0")}`, data: new Int32Array([i]) });
    }
  });
  step("links", () => {
    f.create_soft_link("/grp/f64", "soft_to_f64");
    f.create_soft_link("/nowhere/at/all", "dangling");
    f.create_hard_link("/grp/sub", "sub_alias");
    sub.create_hard_link("/grp", "back_to_grp");  // cycle
    f.create_external_link("other.h5", "/x", "ext");
  });
}

function write(name, options, opts) {
  step(`${name}`, () => {
    const f = new h5wasm.File(`${outdir}/${name}`, "w", options);
    try {
      populate(f, opts);
    } finally {
      f.close();
    }
  });
}

{
  // report the libhdf5 version h5wasm wraps (the superblock of a fresh file does not say it)
  let version = "unknown";
  try {
    const pj = JSON.parse(readFileSync(new URL("../../package.json", pathToFileURL(libPath)), "utf8"));
    version = pj.version;
  } catch (e) { /* optional */ }
  console.log(`h5wasm ${version}`);
}

write("h5wasm_default.h5", undefined, { many: 60 });
write("h5wasm_track_order.h5", { track_order: true }, { many: 40, track: true });
write("h5wasm_v108.h5", { libver: ["v108", "latest"] }, { many: 30 });
write("h5wasm_v110.h5", { libver: "v110" }, { many: 200, track: true });
write("h5wasm_v110_small.h5", { libver: "v110" }, { many: 20 });
write("extra/h5wasm_v112.h5", { libver: "v112" }, { many: 20 });
write("extra/h5wasm_v114.h5", { libver: "v114" }, { many: 20 });
write("h5wasm_many_links.h5", undefined, { many: 1500 });
// libver v112 and later: libhdf5 1.10 (h5py here) refuses these files: extra/.
// Each has a twin written with libver v110 and the same content (h5wasm_v110.h5
// for latest, h5wasm_v110_small.h5 for the others), which h5py can read: the
// test requires mmapcol to give the same ls/cat/attrs for both.
write("extra/h5wasm_latest.h5", { libver: "latest" }, { many: 200, track: true });
write("extra/h5wasm_v200.h5", { libver: "v200" }, { many: 20 });

// references (h5py cannot convert them to values): extra/
step("refs", () => {
  const f = new h5wasm.File(`${outdir}/extra/h5wasm_refs.h5`, "w");
  try {
    const d = f.create_dataset({ name: "target", data: new Int32Array([0, 1, 2, 3, 4, 5, 6, 7]) });
    const g = f.create_group("grp");
    const r1 = d.create_reference();
    const r2 = g.create_reference();
    f.create_dataset({ name: "objrefs", data: [r1, r2] });
    const rr = d.create_region_reference([[2, 5]]);
    f.create_dataset({ name: "regrefs", data: [rr] });
    f.create_attribute("ref_attr", [r1]);
  } finally {
    f.close();
  }
});

if (failures) {
  console.error(`gen_h5wasm_corpus: ${failures} step(s) failed`);
  process.exit(1);
}
