//! Speed of the generator and of the code it generates, each beside a baseline measured in
//! the same run (see BENCHMARKS.md for the figures and the machine):
//!
//! 1. generation, load through formatted output, against parsing the same document into
//!    `serde_json::Value` (or `serde_yaml::Value`): the floor any generator pays; with the
//!    peak memory of each, measured in a child process;
//! 3. decoding a 1,000-conversation page into the generated models, against hand-written
//!    `serde` structs for the same JSON;
//! 4. the generated pattern validators, against `regex::Regex::is_match` (and `regress`)
//!    with the same pattern compiled once.
//!
//! `cargo bench --bench speed` runs them all; `-- --quick` runs each once (CI, to keep them
//! compiling and running); `-- generation|decode|validators` runs one group. GitHub's
//! description is read from `target/corpus/` (fetched by the corpus harness, or by
//! `scripts/fetch-specs.sh`); without it that row is skipped with a note.

// The allocator the command line uses, so that generation is measured as users run it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const GITHUB: &str = "target/corpus/octokit/package/generated/api.github.com.json";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, kind, path] = args.as_slice() {
        if mode == "--child" {
            return child(kind, Path::new(path));
        }
    }
    let quick = args.iter().any(|arg| arg == "--quick");
    let wanted = |group: &str| {
        let named: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
        named.is_empty() || named.iter().any(|a| a.as_str() == group)
    };
    let bench = Bench { quick };
    println!("machine: {}", machine());
    if wanted("generation") {
        generation(&bench);
    }
    if wanted("decode") {
        decode(&bench);
    }
    if wanted("validators") {
        validators(&bench);
    }
}

/// How many times to run each measurement.
struct Bench {
    quick: bool,
}

/// Median, minimum and maximum of the samples.
#[derive(Clone, Copy)]
struct Stats {
    median: Duration,
    min: Duration,
    max: Duration,
}

impl Bench {
    /// Runs `run` `samples` times (once when quick) after one warm-up, timing each.
    fn measure(&self, samples: usize, mut run: impl FnMut()) -> Stats {
        let samples = if self.quick { 1 } else { samples };
        if !self.quick {
            run();
        }
        let mut times: Vec<Duration> = (0..samples)
            .map(|_| {
                let start = Instant::now();
                run();
                start.elapsed()
            })
            .collect();
        times.sort();
        Stats {
            median: times[times.len() / 2],
            min: times[0],
            max: times[times.len() - 1],
        }
    }
}

fn show(duration: Duration) -> String {
    let seconds = duration.as_secs_f64();
    if seconds >= 1.0 {
        format!("{seconds:.2} s")
    } else if seconds >= 1e-3 {
        format!("{:.2} ms", seconds * 1e3)
    } else {
        format!("{:.1} µs", seconds * 1e6)
    }
}

/// One table row: what, the measured figure, its baseline, and measured / baseline.
fn row(what: &str, measured: Stats, baseline_name: &str, baseline: Stats) {
    let ratio = measured.median.as_secs_f64() / baseline.median.as_secs_f64();
    print_row(
        what,
        measured,
        baseline_name,
        baseline,
        &format!("{ratio:.2}x"),
    );
}

/// A row whose ratio is baseline / measured: how many times faster ours is.
fn speedup_row(what: &str, measured: Stats, baseline_name: &str, baseline: Stats) {
    let speedup = baseline.median.as_secs_f64() / measured.median.as_secs_f64();
    print_row(
        what,
        measured,
        baseline_name,
        baseline,
        &format!("{speedup:.1}x faster"),
    );
}

fn print_row(what: &str, measured: Stats, baseline_name: &str, baseline: Stats, ratio: &str) {
    let stats = |s: Stats| format!("{} ({}–{})", show(s.median), show(s.min), show(s.max));
    println!(
        "| {what} | {} | {baseline_name}: {} | {ratio} |",
        stats(measured),
        stats(baseline)
    );
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split(':').nth(1))
                .map(|name| name.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cpu}, {cores} cores available")
}

// ---- 1. generation -------------------------------------------------------------------

/// In a child process: one parse or one generation of `path`, then the peak resident set
/// (`VmHWM`) in KiB on stdout.
fn child(kind: &str, path: &Path) {
    let text = std::fs::read_to_string(path).expect("the document is readable");
    match kind {
        "parse" => {
            black_box(parse_floor(path, &text));
        }
        "generate" => {
            black_box(generate(path, &text));
        }
        other => panic!("unknown child kind {other}"),
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    println!("{peak}");
}

fn parse_floor(path: &Path, text: &str) -> usize {
    if path.extension().is_some_and(|e| e == "json") {
        let value: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
        value.as_object().map_or(0, |o| o.len())
    } else {
        let value: serde_yaml::Value = serde_yaml::from_str(text).expect("valid YAML");
        value.as_mapping().map_or(0, |m| m.len())
    }
}

fn generate(path: &Path, text: &str) -> usize {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let generated = openapi_client_gen::Config::new()
        .generate(text, &name)
        .expect("the document generates");
    generated.files.iter().map(|f| f.contents.len()).sum()
}

/// Peak resident memory, in MiB, of a child doing `kind` on `path`.
fn peak_memory(kind: &str, path: &Path) -> Option<f64> {
    let output = Command::new(std::env::current_exe().ok()?)
        .args(["--child", kind])
        .arg(path)
        .output()
        .ok()?;
    let kib: f64 = String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .ok()?;
    Some(kib / 1024.0)
}

fn generation(bench: &Bench) {
    println!("\n## 1. Generation (load through formatted output) against the parse floor\n");
    println!("| document | generation: median (min–max) | baseline: median (min–max) | ratio |");
    println!("|---|---:|---:|---:|");
    let documents = [
        (PathBuf::from("spec/conversations.yaml"), 20),
        (PathBuf::from(GITHUB), 5),
    ];
    let mut memory = Vec::new();
    for (path, samples) in documents {
        let Ok(text) = std::fs::read_to_string(&path) else {
            println!(
                "| {} | skipped: not fetched (scripts/fetch-specs.sh) | | |",
                path.display()
            );
            continue;
        };
        let floor = bench.measure(samples, || {
            black_box(parse_floor(&path, black_box(&text)));
        });
        let generated = bench.measure(samples, || {
            black_box(generate(&path, black_box(&text)));
        });
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        row(
            &format!("`{name}` ({:.1} MB)", text.len() as f64 / 1e6),
            generated,
            "parse",
            floor,
        );
        memory.push((
            name,
            peak_memory("generate", &path),
            peak_memory("parse", &path),
        ));
    }
    design_floor(bench);
    println!("\n| document | peak memory: generation | parse floor | ratio |");
    println!("|---|---:|---:|---:|");
    for (name, generated, floor) in memory {
        match (generated, floor) {
            (Some(generated), Some(floor)) => println!(
                "| `{name}` | {generated:.0} MiB | {floor:.0} MiB | {:.2}x |",
                generated / floor
            ),
            _ => println!("| `{name}` | not measured (no /proc) | | |"),
        }
    }
}

/// What the design's fixed steps cost on GitHub's description, each against the same
/// parse floor: reading the text into `openapiv3`'s types (without the normalisation we
/// add), `syn` + `prettyplease` over the generated text, and rustfmt over it. Generation
/// cannot be cheaper than these steps divided among the cores, whatever the model and
/// emitters do; BENCHMARKS.md draws the conclusion for the 5x target.
fn design_floor(bench: &Bench) {
    let path = Path::new(GITHUB);
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let samples = 5;
    let floor = bench.measure(samples, || {
        black_box(parse_floor(path, black_box(&text)));
    });
    let without_rustfmt = bench.measure(samples, || {
        black_box(
            openapi_client_gen::Config::new()
                .rustfmt(false)
                .generate(black_box(&text), "api.github.com.json")
                .expect("the document generates"),
        );
    });
    let openapi = bench.measure(samples, || {
        let api: openapiv3::OpenAPI = serde_json::from_str(black_box(&text)).expect("valid");
        black_box(api);
    });
    let generated = openapi_client_gen::Config::new()
        .generate(&text, "api.github.com.json")
        .expect("the document generates");
    let output = &generated.files[0].contents;
    let pretty = bench.measure(samples, || {
        let file = syn::parse_file(black_box(output)).expect("the output parses");
        black_box(prettyplease::unparse(&file));
    });
    let rustfmt = bench.measure(samples, || {
        black_box(rustfmt(output));
    });
    println!("\n| GitHub's description: step | median (min–max) | parse floor | ratio |");
    println!("|---|---:|---:|---:|");
    for (step, stats) in [
        (
            "generation with prettyplease's layout (as `build.rs` runs it)",
            without_rustfmt,
        ),
        (
            "design step: text to `openapiv3::OpenAPI` (serde_json, no normalisation)",
            openapi,
        ),
        (
            "design step: `syn::parse_file` + `prettyplease::unparse` of the output",
            pretty,
        ),
        (
            "design step: rustfmt over the output (one process)",
            rustfmt,
        ),
    ] {
        row(step, stats, "parse", floor);
    }
}

/// Formats `text` with rustfmt as the generator does (standard input to standard output).
fn rustfmt(text: &str) -> usize {
    use std::io::Write;
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout", "--quiet"])
        .current_dir(std::env::temp_dir())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("rustfmt runs");
    let mut stdin = child.stdin.take().expect("piped");
    let input = text.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("rustfmt finishes");
    writer.join().expect("writer").expect("written");
    assert!(output.status.success(), "rustfmt accepts the output");
    output.stdout.len()
}

// ---- 3. decode -----------------------------------------------------------------------

/// Hand-written `serde` structs for the same JSON, as a careful user would write them.
// Decoding the fields is what is measured; nothing reads them afterwards.
#[allow(dead_code)]
mod hand_written {
    use serde::Deserialize;

    #[derive(Deserialize)]
    pub struct Page {
        pub data: Vec<Conversation>,
        pub has_more: bool,
        pub next_cursor: Option<String>,
        pub request_id: String,
    }

    #[derive(Deserialize)]
    pub struct Conversation {
        pub id: String,
        pub object: Object,
        pub status: Status,
        pub contact: Contact,
        pub whatsapp_account: Account,
        pub assignee: Assignee,
        pub unread_count: i64,
        pub last_message_at: Option<chrono::DateTime<chrono::FixedOffset>>,
        pub last_inbound_at: Option<chrono::DateTime<chrono::FixedOffset>>,
        pub created_at: chrono::DateTime<chrono::FixedOffset>,
        pub updated_at: chrono::DateTime<chrono::FixedOffset>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Object {
        Conversation,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Status {
        Open,
        Resolved,
        Pending,
    }

    #[derive(Deserialize)]
    pub struct Contact {
        pub id: String,
        pub phone_number: Option<String>,
        pub name: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct Account {
        pub phone_number: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct Assignee {
        pub id: String,
        pub name: Option<String>,
        pub email: Option<String>,
    }
}

/// A page of `count` conversations shaped like the seed page's example, with every
/// status and both null and present optional values.
fn conversation_page(count: usize) -> String {
    let statuses = ["open", "resolved", "pending"];
    let data: Vec<serde_json::Value> = (0..count)
        .map(|i| {
            let seen = (i % 4 != 0).then(|| format!("2026-11-{:02}T10:{:02}:00Z", 1 + i % 28, i % 60));
            serde_json::json!({
                "id": format!("cnv_01HXYZABCDEFGHJKMNPQR{i:05}"),
                "object": "conversation",
                "status": statuses[i % 3],
                "contact": {
                    "id": format!("ctc_01HXYZABCDEFGHJKMNPQR{i:05}"),
                    "phone_number": format!("+6281234{i:05}"),
                    "name": if i % 5 == 0 { serde_json::Value::Null } else { format!("Contact {i}").into() },
                },
                "whatsapp_account": {"phone_number": "+6281100000000"},
                "assignee": {
                    "id": format!("usr_{i:04}"),
                    "name": "Dewi Lestari",
                    "email": if i % 2 == 0 { serde_json::Value::Null } else { "dewi@example.com".into() },
                },
                "unread_count": i % 7,
                "last_message_at": seen,
                "last_inbound_at": seen,
                "created_at": "2026-10-01T08:00:00+07:00",
                "updated_at": "2026-11-20T09:30:00Z",
            })
        })
        .collect();
    serde_json::json!({
        "data": data,
        "has_more": true,
        "next_cursor": "cnv_01HXYZABCDEFGHJKMNPQR00999",
        "request_id": "req_0123456789",
    })
    .to_string()
}

fn decode(bench: &Bench) {
    println!("\n## 3. Decoding a 1,000-conversation page\n");
    println!(
        "| decode | generated models: median (min–max) | baseline: median (min–max) | ratio |"
    );
    println!("|---|---:|---:|---:|");
    let page = conversation_page(1000);
    let generated: kirim::models::ConversationList = serde_json::from_str(&page).expect("decodes");
    assert_eq!(generated.data.len(), 1000);
    let samples = 200;
    let hand = bench.measure(samples, || {
        let page: hand_written::Page = serde_json::from_str(black_box(&page)).expect("decodes");
        black_box(page);
    });
    let ours = bench.measure(samples, || {
        let page: kirim::models::ConversationList =
            serde_json::from_str(black_box(&page)).expect("decodes");
        black_box(page);
    });
    row(
        &format!("{:.0} KB of JSON", page.len() as f64 / 1e3),
        ours,
        "hand-written serde",
        hand,
    );
    decode_floats(bench);
}

/// Numbers with a fraction, as a `number` field decodes them, against the standard
/// library's correctly rounded `f64` parser over the same text split beforehand. Run in a
/// build without serde_json's `float_roundtrip` too (`scripts/float-roundtrip-cost.sh`),
/// this is what decoding floats exactly costs.
fn decode_floats(bench: &Bench) {
    let count = 100_000;
    // Doubles spread over many magnitudes, written shortest-exact as servers write them.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let values: Vec<f64> = (0..count)
        .map(|i| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let unit = (state >> 11) as f64 / (1u64 << 53) as f64;
            unit * 10f64.powi(i % 12 - 4)
        })
        .collect();
    let texts: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    let json = format!("[{}]", texts.join(","));
    let decoded: Vec<f64> = serde_json::from_str(&json).expect("decodes");
    let exact = decoded.iter().zip(&values).filter(|(a, b)| a == b).count();
    let samples = 50;
    let std_parse = bench.measure(samples, || {
        let parsed: Vec<f64> = black_box(&texts)
            .iter()
            .map(|t| t.parse().expect("a float"))
            .collect();
        black_box(parsed);
    });
    let ours = bench.measure(samples, || {
        let parsed: Vec<f64> = serde_json::from_str(black_box(&json)).expect("decodes");
        black_box(parsed);
    });
    row(
        &format!(
            "{count} floats, {exact} decoded exactly (float_roundtrip {})",
            if cfg!(feature = "exact-floats") {
                "on"
            } else {
                "off"
            }
        ),
        ours,
        "`str::parse::<f64>`",
        std_parse,
    );
}

// ---- 4. validators -------------------------------------------------------------------

/// `count` values for a pattern: every other one valid, the rest near misses and noise.
fn mixed_values(
    count: usize,
    valid: impl Fn(usize) -> String,
    invalid: impl Fn(usize) -> String,
) -> Vec<String> {
    (0..count)
        .map(|i| if i % 2 == 0 { valid(i) } else { invalid(i) })
        .collect()
}

fn validators(bench: &Bench) {
    use kirim::models::{ContactId, PhoneNumberId};
    println!("\n## 4. Validating 1M values with the generated validators\n");
    println!("| values | generated: median (min–max) | baseline: median (min–max) | speed-up |");
    println!("|---|---:|---:|---:|");
    let count = if bench.quick { 1_000 } else { 1_000_000 };
    const CROCKFORD: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let phone_numbers = mixed_values(
        count,
        |i| format!("{}", 100_000 + i * 7919 % 10_000_000_000),
        |i| match i % 3 {
            0 => format!("{}", i % 10_000),     // too short
            1 => format!("12345{i}x"),          // a letter
            _ => format!("+{}", 1_000_000 + i), // a plus sign
        },
    );
    let contact_ids = mixed_values(
        count,
        |i| {
            let body: String = (0..26)
                .map(|k| CROCKFORD[(i * 31 + k * 7) % 32] as char)
                .collect();
            format!("ctc_{body}")
        },
        |i| match i % 3 {
            0 => format!("ctc_{:025}", i),                          // one short
            1 => format!("ctc_{:026}I", i)[..30].replace('0', "I"), // a letter Crockford leaves out
            _ => format!("cnv_{:026}", i),                          // another prefix
        },
    );
    type Check = fn(&str) -> bool;
    let rows: [(&str, &Vec<String>, &str, Check, Check); 2] = [
        (
            "`phone_number_id`",
            &phone_numbers,
            r"^\d{6,20}$",
            PhoneNumberId::is_valid,
            |v| PhoneNumberId::validate(v).is_ok(),
        ),
        (
            "`contact_id`",
            &contact_ids,
            "^ctc_[0-9A-HJKMNP-TV-Z]{26}$",
            ContactId::is_valid,
            |v| ContactId::validate(v).is_ok(),
        ),
    ];
    for (what, values, pattern, is_valid, validate) in rows {
        let regex = regex::Regex::new(pattern).expect("compiles");
        let regress = regress::Regex::new(pattern).expect("compiles");
        let expected = count_matches(values, |v| regex.is_match(v));
        assert_eq!(
            count_matches(values, is_valid),
            expected,
            "is_valid agrees with regex"
        );
        assert_eq!(
            count_matches(values, validate),
            expected,
            "validate agrees with regex"
        );
        let valid: Vec<String> = values
            .iter()
            .filter(|v| regex.is_match(v))
            .cloned()
            .collect();
        let invalid: Vec<String> = values
            .iter()
            .filter(|v| !regex.is_match(v))
            .cloned()
            .collect();
        let samples = 15;
        let by_regex = |v: &str| regex.is_match(v);
        let race = |what: String,
                    subset: &[String],
                    ours: Check,
                    baseline: &str,
                    theirs: &dyn Fn(&str) -> bool| {
            let samples = if baseline == "regress" { 5 } else { samples };
            let ours = bench.measure(samples, || {
                black_box(count_matches(subset, ours));
            });
            let theirs = bench.measure(samples, || {
                black_box(count_matches(subset, theirs));
            });
            speedup_row(&what, ours, baseline, theirs);
        };
        let half = format!("{count} values, half valid");
        race(
            format!("{what} `{pattern}`: `is_valid`, {half}"),
            values,
            is_valid,
            "regex",
            &by_regex,
        );
        race(
            format!("{what}: `is_valid`, {} valid values", valid.len()),
            &valid,
            is_valid,
            "regex",
            &by_regex,
        );
        race(
            format!("{what}: `is_valid`, {} invalid values", invalid.len()),
            &invalid,
            is_valid,
            "regex",
            &by_regex,
        );
        race(
            format!("{what}: `validate` (an error, with a copy of the value, for each invalid one), {half}"),
            values,
            validate,
            "regex",
            &by_regex,
        );
        race(
            format!("{what}: `is_valid`, {half}"),
            values,
            is_valid,
            "regress",
            &|v| regress.find(v).is_some(),
        );
    }
}

/// How many of `values` pass `test`.
fn count_matches(values: &[String], test: impl Fn(&str) -> bool) -> usize {
    values
        .iter()
        .filter(|v| test(black_box(v.as_str())))
        .count()
}
