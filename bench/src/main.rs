//! `arr-bench`: times the Arr workloads and their hand-written Rust peers.
//!
//! ```text
//! arr-bench --data DIR [--out DIR] [--reps K] [--only NAME,NAME] [--probe] [--stream-mib N]
//! ```
//!
//! For each workload: reads its inputs from `DIR/NAME/*.npy`, calls Arr once and the
//! hand-written peer once (warm-up), then K times each, interleaved (Arr, hand, Arr,
//! hand, ...), checks the hand-written result against Arr's, and (with `--out`) writes
//! both results as `OUT/NAME/{arr,hand}_outK.npy`. `--probe` measures memory bandwidth
//! and peak FLOP rate first. Prints one JSON object on stdout with every call's time in
//! milliseconds.

use arr_bench::{probe, workloads};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Instant;

struct Opts {
    data: Option<PathBuf>,
    out: Option<PathBuf>,
    reps: usize,
    only: Option<Vec<String>>,
    probe: bool,
    stream_mib: Option<usize>,
}

fn usage(msg: &str) -> ! {
    eprintln!("arr-bench: {msg}");
    eprintln!(
        "usage: arr-bench --data DIR [--out DIR] [--reps K] [--only NAME,NAME] [--probe] [--stream-mib N]"
    );
    std::process::exit(2);
}

fn parse() -> Opts {
    let mut o = Opts {
        data: None,
        out: None,
        reps: 5,
        only: None,
        probe: false,
        stream_mib: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = |what: &str| {
            args.next()
                .unwrap_or_else(|| usage(&format!("{what} needs a value")))
        };
        match a.as_str() {
            "--data" => o.data = Some(PathBuf::from(val("--data"))),
            "--out" => o.out = Some(PathBuf::from(val("--out"))),
            "--reps" => {
                o.reps = val("--reps")
                    .parse()
                    .unwrap_or_else(|_| usage("--reps needs a positive integer"))
            }
            "--only" => o.only = Some(val("--only").split(',').map(str::to_string).collect()),
            "--probe" => o.probe = true,
            "--stream-mib" => {
                o.stream_mib = Some(
                    val("--stream-mib")
                        .parse()
                        .unwrap_or_else(|_| usage("--stream-mib needs an integer")),
                )
            }
            "-h" | "--help" => usage("help"),
            other => usage(&format!("unknown argument `{other}`")),
        }
    }
    if o.reps == 0 {
        usage("--reps must be at least 1");
    }
    o
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn run_one(name: &str, opts: &Opts) -> Value {
    let data = opts.data.as_ref().expect("checked");
    let dir = data.join(name);
    let case = match workloads::load(name, &dir) {
        Ok(c) => c,
        Err(e) => return json!({"name": name, "error": format!("cannot load inputs: {e}")}),
    };
    let (rtol, atol) = workloads::tolerance(name);
    let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let t = Instant::now();
        let want = case.arr();
        let arr_warm = ms(t);
        let t = Instant::now();
        let got = case.hand();
        let hand_warm = ms(t);
        let mut arr_ms = Vec::new();
        let mut hand_ms = Vec::new();
        // `f_into` into one buffer reused by every call (its warm-up call fills it).
        let mut into_out = (want.len() == 1)
            .then(|| want[0].zeroed())
            .and_then(|mut o| case.arr_into(&mut o).then_some(o));
        let mut into_ms = Vec::new();
        for _ in 0..opts.reps {
            let t = Instant::now();
            let r = case.arr();
            arr_ms.push(ms(t));
            drop(r);
            if let Some(o) = &mut into_out {
                let t = Instant::now();
                case.arr_into(o);
                into_ms.push(ms(t));
            }
            let t = Instant::now();
            let r = case.hand();
            hand_ms.push(ms(t));
            drop(r);
        }
        let into = into_out.map(|o| (o, into_ms));
        (want, got, arr_warm, hand_warm, arr_ms, hand_ms, into)
    }));
    let (want, got, arr_warm, hand_warm, arr_ms, hand_ms, into) = match res {
        Ok(r) => r,
        Err(p) => {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".into());
            return json!({"name": name, "error": format!("panicked: {msg}")});
        }
    };
    let mut checks = Vec::new();
    let mut all_ok = want.len() == got.len();
    for (g, w) in got.iter().zip(&want) {
        let c = workloads::compare(g, w, rtol, atol);
        all_ok &= c.ok;
        checks.push(json!({"ok": c.ok, "max_abs": c.max_abs, "max_rel": c.max_rel, "max_ratio": c.max_ratio}));
    }
    // `f_into`'s result must be `f`'s, bit for bit (the same loop).
    let into_json = match &into {
        Some((o, t)) => {
            let c = workloads::compare(o, &want[0], 0.0, 0.0);
            json!({"ms": t, "same_as_arr": c.ok})
        }
        None => Value::Null,
    };
    let mut write_error = Value::Null;
    if let Some(out) = &opts.out {
        let d = out.join(name);
        let r = std::fs::create_dir_all(&d)
            .map_err(|e| format!("{}: {e}", d.display()))
            .and_then(|_| {
                for (k, o) in want.iter().enumerate() {
                    o.write_npy(&d.join(format!("arr_out{k}.npy")))?;
                }
                for (k, o) in got.iter().enumerate() {
                    o.write_npy(&d.join(format!("hand_out{k}.npy")))?;
                }
                Ok(())
            });
        if let Err(e) = r {
            write_error = json!(e);
        }
    }
    json!({
        "name": name,
        "outputs": want.len(),
        "rtol": rtol,
        "atol": atol,
        "arr_warmup_ms": arr_warm,
        "hand_warmup_ms": hand_warm,
        "arr_ms": arr_ms,
        "hand_ms": hand_ms,
        "arr_into": into_json,
        "hand_vs_arr": {"ok": all_ok, "outputs": checks},
        "write_error": write_error,
    })
}

fn main() {
    let opts = parse();
    let mut report = serde_json::Map::new();
    report.insert("threads".into(), json!(rayon::current_num_threads()));
    report.insert(
        "target_features".into(),
        json!({
            "avx2": cfg!(target_feature = "avx2"),
            "fma": cfg!(target_feature = "fma"),
            "avx512f": cfg!(target_feature = "avx512f"),
        }),
    );
    if opts.probe {
        let llc = probe::last_level_cache_bytes();
        let bytes = match opts.stream_mib {
            Some(m) => m << 20,
            None => (4 * llc).max(128 << 20),
        };
        let elems = bytes / 8;
        eprintln!("arr-bench: STREAM probe, 3 arrays of {} MiB", bytes >> 20);
        let s = probe::stream(elems, 5);
        eprintln!("arr-bench: peak FMA probe");
        let p = probe::peak(20_000_000);
        report.insert(
            "probe".into(),
            json!({
                "llc_bytes": llc,
                "stream_array_bytes": elems * 8,
                "copy_gbs": s.copy,
                "triad_gbs": s.triad,
                "sum_gbs": s.sum,
                "peak_f32_gflops": p.f32_gflops,
                "peak_f64_gflops": p.f64_gflops,
                "peak_isa": p.isa,
            }),
        );
    }
    let names: Vec<String> = match &opts.only {
        Some(v) => v.clone(),
        None if opts.data.is_some() => workloads::NAMES.iter().map(|s| s.to_string()).collect(),
        None => Vec::new(),
    };
    if !names.is_empty() && opts.data.is_none() {
        usage("--data DIR is needed to run workloads");
    }
    let mut results = Vec::new();
    for name in &names {
        eprintln!("arr-bench: {name}");
        results.push(run_one(name, &opts));
    }
    report.insert("workloads".into(), Value::Array(results));
    println!("{}", Value::Object(report));
}
