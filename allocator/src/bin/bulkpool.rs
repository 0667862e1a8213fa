//! `bulkpool`: list the teaching presets, print one as an editable scenario file, or run a
//! preset or scenario file and print the run as 72-column text or as JSON.
//! Bad input exits with status 2 and a message on stderr.

use bulkpool_allocator::narrate::narrate;
use bulkpool_allocator::source::source_of;
use bulkpool_allocator::{presets, simulate, text, Mode, Scenario, Semantics, Trace};
use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;
use std::process::ExitCode;

/// Scenario files larger than this are refused before parsing.
const MAX_FILE_BYTES: u64 = 4 << 20;

#[derive(Parser)]
#[command(
    name = "bulkpool",
    version,
    about = "Step through the Linux mempool page bulk allocator"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the presets, one line each.
    List,
    /// Print a preset as a scenario file (JSON) to copy and edit.
    Show { preset: String },
    /// Run a preset or a scenario file.
    Run {
        /// A preset id or slug (s5, sleep-5s) or a path to a scenario .json file.
        scenario: String,
        /// Delivery mode; defaults to the scenario's `mode`.
        #[arg(long, value_enum)]
        mode: Option<ModeArg>,
        /// Kernel or patch series; defaults to the scenario's `semantics`.
        #[arg(long, value_enum)]
        semantics: Option<SemanticsArg>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ModeArg {
    List,
    Array,
    Callback,
}

#[derive(Clone, Copy, ValueEnum)]
enum SemanticsArg {
    #[value(name = "pre-may-2022")]
    PreMay2022,
    #[value(name = "k6.0")]
    K60,
    #[value(name = "rfc-2022")]
    Rfc2022,
    #[value(name = "v2-2023")]
    V22023,
    #[value(name = "mainline-6.19")]
    Mainline619,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("bulkpool: {msg}");
            ExitCode::from(2)
        }
    }
}

fn load(name: &str) -> Result<Scenario, String> {
    if let Some(p) = presets::find(name) {
        return Ok(p.scenario());
    }
    let path = std::path::Path::new(name);
    let meta = std::fs::metadata(path).map_err(|e| {
        format!("`{name}` is neither a preset (see `bulkpool list`) nor a readable file: {e}")
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{name}: {} bytes; scenario files are limited to {MAX_FILE_BYTES}",
            meta.len()
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
    Scenario::from_json(&text).map_err(|e| format!("{name}: {e}"))
}

fn run(cmd: Command) -> Result<String, String> {
    match cmd {
        Command::List => Ok(presets::PRESETS
            .iter()
            .map(|p| format!("{:<4} {:<24} {}\n", p.id, p.slug, p.summary))
            .collect()),
        Command::Show { preset } => {
            let p = presets::find(&preset)
                .ok_or_else(|| format!("no preset `{preset}` (see `bulkpool list`)"))?;
            Ok(p.scenario().to_json() + "\n")
        }
        Command::Run {
            scenario,
            mode,
            semantics,
            format,
        } => {
            let mut sc = load(&scenario)?;
            if let Some(s) = semantics {
                sc.semantics = Some(match s {
                    SemanticsArg::PreMay2022 => Semantics::PreMay2022,
                    SemanticsArg::K60 => Semantics::K6_0,
                    SemanticsArg::Rfc2022 => Semantics::Rfc2022,
                    SemanticsArg::V22023 => Semantics::V2_2023,
                    SemanticsArg::Mainline619 => Semantics::Mainline6_19,
                });
            }
            let mode = match mode {
                Some(ModeArg::List) => Mode::List,
                Some(ModeArg::Array) => Mode::Array,
                Some(ModeArg::Callback) => Mode::Callback,
                None => sc.mode,
            };
            let trace = simulate(&sc, mode).map_err(|e| format!("{scenario}: {e}"))?;
            Ok(match format {
                Format::Text => text::render(&trace),
                Format::Json => json(&trace)?,
            })
        }
    }
}

#[derive(Serialize)]
struct JsonLine {
    listing: bulkpool_allocator::event::Listing,
    n: u8,
    text: &'static str,
}

#[derive(Serialize)]
struct JsonEvent<'a> {
    step: usize,
    time_ms: u64,
    task: &'a str,
    #[serde(flatten)]
    event: &'a bulkpool_allocator::Event,
    code: JsonLine,
    source: bulkpool_allocator::source::SourceRef,
    narration: String,
}

#[derive(Serialize)]
struct JsonRun<'a> {
    scenario: &'a str,
    mode: Mode,
    /// False when no bulk interface runs (dm-crypt under v6.0 or v6.5+, free-only runs): the
    /// mode then changes nothing.
    delivery_applies: bool,
    /// An array-mode dm-crypt under the RFC or v2: neither series had one.
    what_if: bool,
    semantics: Semantics,
    end: bulkpool_allocator::trace::End,
    summary: bulkpool_allocator::summary::Summary,
    events: Vec<JsonEvent<'a>>,
}

fn json(t: &Trace) -> Result<String, String> {
    let mut w = t.initial.clone();
    let names = |id: u8| t.task_name(id).to_string();
    let events = t
        .events
        .iter()
        .enumerate()
        .map(|(i, ev)| {
            let mut e = *ev;
            w.apply(&mut e);
            JsonEvent {
                step: i + 1,
                time_ms: w.now_ms,
                task: t.task_name(ev.task),
                event: ev,
                code: JsonLine {
                    listing: ev.line.0,
                    n: ev.line.1,
                    text: ev.line.0.line(ev.line.1),
                },
                source: source_of(ev, t.semantics),
                narration: narrate(ev, &w, t.semantics, &names),
            }
        })
        .collect();
    let run = JsonRun {
        scenario: &t.scenario.name,
        mode: t.mode,
        delivery_applies: t.scenario.uses_delivery(t.semantics),
        what_if: t.scenario.is_array_dm_crypt_what_if(t.mode, t.semantics),
        semantics: t.semantics,
        end: t.end,
        summary: t.summary(),
        events,
    };
    serde_json::to_string_pretty(&run)
        .map(|s| s + "\n")
        .map_err(|e| e.to_string())
}
