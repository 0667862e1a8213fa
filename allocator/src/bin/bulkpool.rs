//! `bulkpool`: list the teaching presets, print one as an editable scenario file, run a preset
//! or scenario file and print the run (or one step) as 72-column text or as JSON, or print the
//! web app's permalink to it, or the guided tour.
//! Bad input exits with status 2 and a message on stderr.

use bulkpool_allocator::explain::narrate::narrate;
use bulkpool_allocator::explain::source::source_of_run;
use bulkpool_allocator::explain::step_text::{step_text, with_link, with_variant};
use bulkpool_allocator::explain::text::{self, Detail};
use bulkpool_allocator::model::policy::PolicySpec;
use bulkpool_allocator::scenario::import;
use bulkpool_allocator::view::link::{encode, Link, Source, View};
use bulkpool_allocator::view::matrix::{matrix, Column};
use bulkpool_allocator::view::sweep::{sweep, By, Metric, Param};
use bulkpool_allocator::{presets, simulate, Mode, Scenario, Semantics, Trace};
use clap::builder::{PossibleValuesParser, TypedValueParser};
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
        #[arg(long, value_parser = mode_parser())]
        mode: Option<Mode>,
        /// Kernel or patch series; defaults to the scenario's `semantics`.
        #[arg(long, value_parser = semantics_parser())]
        semantics: Option<Semantics>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Print only this step (0 = the initial state), as the web's "Copy this step" does.
        #[arg(long, conflicts_with_all = ["full", "steps", "summary"])]
        step: Option<usize>,
        /// Every step of the run; by default, steps that repeat earlier ones fold into a line.
        #[arg(long, conflicts_with_all = ["steps", "summary"])]
        full: bool,
        /// Only steps FROM..TO (both included), after the state before FROM.
        #[arg(long, value_name = "FROM..TO", conflicts_with = "summary")]
        steps: Option<String>,
        /// Only the header, how the run ended, the counters and the sources.
        #[arg(long)]
        summary: bool,
        /// End the text with the permalink on this site (default: $BULKPOOL_LINK_BASE, if set).
        #[arg(long, visible_alias = "base", value_name = "URL")]
        link_base: Option<String>,
        /// A design choice that departs from the version's own, a what-if: axis=value, e.g.
        /// drain=all-or-nothing, lock=held, first=nobody, charge=holes, serial=all,
        /// wake=if-sleeper (repeat or separate by commas).
        #[arg(long, value_name = "AXIS=VALUE")]
        policy: Vec<String>,
    },
    /// Print the design matrix of a scenario under one version: every combination of two or
    /// three axes (policies, or delivery), with how each run ended and what it cost.
    Matrix {
        /// A preset id or slug, or a path to a scenario .json file.
        scenario: String,
        /// The version the combinations depart from; defaults to the scenario's semantics.
        #[arg(long, value_parser = semantics_parser())]
        semantics: Option<Semantics>,
        /// Two or three of drain, lock, first, charge, serial, wake, delivery.
        #[arg(long, value_name = "AXIS,AXIS[,AXIS]")]
        axes: String,
        /// csv, json, or text (a table of at most 72 columns).
        #[arg(long, value_parser = ["csv", "json", "text"], default_value = "text")]
        format: String,
    },
    /// Print the permalink that opens a preset or scenario file in the web app.
    Link {
        /// A preset id or slug, or a path to a scenario .json file.
        scenario: String,
        /// Delivery mode to open; defaults to the scenario's `mode`.
        #[arg(long, value_parser = mode_parser())]
        mode: Option<Mode>,
        /// Kernel or patch series to open; defaults to the scenario's `semantics`.
        #[arg(long, value_parser = semantics_parser())]
        semantics: Option<Semantics>,
        /// The step to open (0 = the start).
        #[arg(long, default_value_t = 0)]
        step: usize,
        /// Open the compare view (one lane per delivery mode).
        #[arg(long)]
        compare: bool,
        /// Open the compare view by version (one lane per RFC, v2, 6.19 and v6.0).
        #[arg(long, conflicts_with = "compare")]
        versions: bool,
        /// The compact player for an iframe.
        #[arg(long)]
        embed: bool,
        /// The site's address (default: $BULKPOOL_LINK_BASE, else the local `make serve`).
        #[arg(long, visible_alias = "link-base", value_name = "URL")]
        base: Option<String>,
    },
    /// Run a preset or file over a range of one parameter and print one metric per run, one
    /// line per delivery mode (or per semantics).
    Sweep {
        /// A preset id or slug, or a path to a scenario .json file.
        scenario: String,
        /// The field path and range, both ends included: e.g. zone.free=30..60,
        /// tasks.0.ops.0.nr=1..256, pool.curr_nr=0..8.
        #[arg(long, value_name = "PATH=FROM..TO")]
        param: String,
        /// Every step-th value of the range.
        #[arg(long, default_value_t = 1)]
        step: u64,
        /// delivery, calls, lock-holds, watermark-checks, bulk-pages, pool-pages, bulk-calls,
        /// sleeps, time-ms or pgalloc. A run that did not complete has no value: its point
        /// says how it ended (deadlock, livelock, cut at N s).
        #[arg(long, value_parser = Metric::parse)]
        metric: Metric,
        /// One line per delivery mode or per semantics.
        #[arg(long, value_parser = By::parse, default_value = "mode")]
        by: By,
        /// csv, json, or text (an ASCII chart of at most 72 columns).
        #[arg(long, value_parser = ["csv", "json", "text"], default_value = "text")]
        format: String,
    },
    /// Print the guided tour: each stop's title, where it opens, its text and what to try.
    Tour {
        /// The site's address, to print each stop's link (default: $BULKPOOL_LINK_BASE, if set).
        #[arg(long, visible_alias = "link-base", value_name = "URL")]
        base: Option<String>,
    },
    /// Print a scenario (JSON) of one zone of a real machine, from its /proc/zoneinfo and
    /// /proc/buddyinfo, with one dm-crypt bio (docs/IMPORT.md); what was ignored or adapted
    /// goes to stderr.
    Import {
        #[arg(long, value_name = "FILE")]
        zoneinfo: String,
        #[arg(long, value_name = "FILE")]
        buddyinfo: String,
        /// /proc/pagetypeinfo (root only): free blocks of reserved migrate types.
        #[arg(long, value_name = "FILE")]
        pagetypeinfo: Option<String>,
        /// The zone (default: Normal, else the highest zone below it that has pages).
        #[arg(long)]
        zone: Option<String>,
        /// The NUMA node (default: the first of zoneinfo).
        #[arg(long)]
        node: Option<u32>,
        /// The CPU whose per-CPU list is taken (default: 0).
        #[arg(long)]
        cpu: Option<u32>,
        /// Divide every page count of the zone by K, for a zone above 2^20 pages.
        #[arg(long, value_name = "K", default_value_t = 1)]
        scale: u32,
    },
}

/// A /proc file (or a copy of one), read up to the import's limit: /proc reports no size.
fn read_proc(path: &str) -> Result<String, String> {
    use std::io::Read;
    let limit = import::MAX_TEXT;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("{path}: {e}"))?;
    if bytes.len() > limit {
        return Err(format!("{path}: more than {limit} bytes"));
    }
    // Not text: the parser names the first line it cannot read.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Where `make serve` serves the app: the link base when none is given.
const LOCAL_BASE: &str = "http://127.0.0.1:8080/";

/// The site a link points at: the flag, else `$BULKPOOL_LINK_BASE`. It must be an http(s)
/// address without a query or fragment, since the link's query is appended to it.
fn link_base(flag: Option<String>) -> Result<Option<String>, String> {
    let Some(b) = flag
        .or_else(|| std::env::var("BULKPOOL_LINK_BASE").ok())
        .filter(|b| !b.is_empty())
    else {
        return Ok(None);
    };
    let ok = (b.starts_with("https://") || b.starts_with("http://"))
        && !b.contains(['?', '#', ' '])
        && b.len() > "https://".len();
    if !ok {
        return Err(format!(
            "`{b}` is not a site address: give http(s)://host/path/ without ? or #"
        ));
    }
    Ok(Some(b))
}

/// `--mode`: the names of scenario files and links (`Mode::name`), listed in the help.
fn mode_parser() -> impl TypedValueParser<Value = Mode> {
    PossibleValuesParser::new(Mode::ALL.map(Mode::name)).try_map(|s| s.parse::<Mode>())
}

/// `--semantics`: the names of scenario files and links (`Semantics::name`), listed in the help.
fn semantics_parser() -> impl TypedValueParser<Value = Semantics> {
    PossibleValuesParser::new(Semantics::ALL.map(Semantics::name))
        .try_map(|s| s.parse::<Semantics>())
}

/// The link to a scenario: a preset by id; a file that is a preset's variant (same name) as
/// that preset plus overrides; anything else compressed.
fn link_to(name: &str, sc: Scenario, l: Link) -> Link {
    let source = match presets::find(name) {
        Some(p) if p.scenario() == sc => Source::Preset(p.id),
        _ => Source::Custom {
            base: bulkpool_allocator::view::link::base_for(&sc),
            scenario: Box::new(sc),
        },
    };
    Link { source, ..l }
}

/// For a file that varies a preset: "s5 + zone.free=40, …".
fn variant_of(name: &str, sc: &Scenario) -> Option<String> {
    if presets::find(name).is_some() {
        return None;
    }
    let base = bulkpool_allocator::view::link::base_for(sc)?;
    bulkpool_allocator::view::link::variant_label(base, sc)
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

/// A scenario that cannot run in `mode`: the error, and the modes it can run in.
fn refused(name: &str, sc: &Scenario, mode: Mode, e: &impl std::fmt::Display) -> String {
    let offered: Vec<&str> = Mode::ALL
        .into_iter()
        .filter(|&m| m != mode && sc.validate(m).is_ok())
        .map(Mode::name)
        .collect();
    match offered.as_slice() {
        [] => format!("{name}: {e}"),
        [one] => format!("{name}: {e}; run it with --mode {one}"),
        many => format!(
            "{name}: {e}; run it with --mode {}",
            many.join(" or --mode ")
        ),
    }
}

fn run(cmd: Command) -> Result<String, String> {
    match cmd {
        Command::List => Ok(presets::PRESETS
            .iter()
            .map(|p| {
                let id = format!("{:<5}", p.id);
                text::wrap(&format!("{}: {}", p.slug, p.summary), &id, "     ")
            })
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
            step,
            full,
            steps,
            summary,
            link_base: base,
            policy,
        } => {
            let original = load(&scenario)?;
            let mut sc = original.clone();
            if semantics.is_some() {
                sc.semantics = semantics;
            }
            let mode = mode.unwrap_or(sc.mode);
            if !policy.is_empty() {
                let named = sc.named_policies(sc.semantics_for(mode));
                let base = sc.policy.over(named);
                let spec = PolicySpec::parse(&policy.join(","), base)?;
                sc.policy = PolicySpec::between(named, spec.over(base));
            }
            let trace = simulate(&sc, mode).map_err(|e| refused(&scenario, &sc, mode, &e))?;
            if let Some(n) = step {
                if n > trace.len() {
                    return Err(format!(
                        "{scenario}: --step {n}: the run has steps 0 to {}",
                        trace.len()
                    ));
                }
            }
            let detail = match (full, steps, summary) {
                (true, ..) => Detail::Full,
                (_, Some(range), _) => {
                    Detail::steps(&range, trace.len()).map_err(|e| format!("--{e}"))?
                }
                (_, _, true) => Detail::Summary,
                _ => Detail::Folded,
            };
            let text = match (format, step) {
                (Format::Json, _) if step.is_some() || detail != Detail::Folded => {
                    return Err("--step, --steps, --full and --summary print text only".into())
                }
                (Format::Json, _) => return json(&trace),
                (Format::Text, Some(n)) => step_text(&trace, n),
                (Format::Text, None) => text::account(&trace, detail),
            };
            // A step's text links to its step, a range's to its first step, a run's to the run.
            let link_step = match (step, detail) {
                (Some(n), _) => n,
                (None, Detail::Steps(a, _)) => a,
                _ => 0,
            };
            let text = with_variant(&text, variant_of(&scenario, &original).as_deref());
            Ok(match link_base(base)? {
                Some(base) => {
                    let l = Link {
                        mode: Some(mode),
                        semantics,
                        step: link_step,
                        ..Link::default()
                    };
                    with_link(
                        &text,
                        &format!("{base}{}", encode(&link_to(&scenario, original, l))),
                    )
                }
                None => text,
            })
        }
        Command::Link {
            scenario,
            mode,
            semantics,
            step,
            compare,
            versions,
            embed,
            base,
        } => {
            let sc = load(&scenario)?;
            // The web writes the mode it shows, the scenario's own unless chosen, and opens
            // only a combination that runs.
            let mut run = sc.clone();
            if semantics.is_some() {
                run.semantics = semantics;
            }
            let mode = mode.unwrap_or(sc.mode);
            run.validate(mode)
                .map_err(|e| refused(&scenario, &run, mode, &e))?;
            let l = Link {
                mode: Some(mode),
                semantics,
                step,
                view: match (compare, versions) {
                    (_, true) => View::Versions,
                    (true, _) => View::Compare,
                    _ => View::Step,
                },
                embed,
                ..Link::default()
            };
            let base = match link_base(base)? {
                Some(b) => b,
                None => {
                    eprintln!(
                        "bulkpool: no --base given and BULKPOOL_LINK_BASE unset: the link points at a local `make serve`"
                    );
                    LOCAL_BASE.into()
                }
            };
            Ok(format!("{base}{}\n", encode(&link_to(&scenario, sc, l))))
        }
        Command::Matrix {
            scenario,
            semantics,
            axes,
            format,
        } => {
            let sc = load(&scenario)?;
            let sem = semantics.unwrap_or(sc.semantics_for(sc.mode));
            let columns = axes
                .split(',')
                .map(Column::parse)
                .collect::<Result<Vec<_>, _>>()?;
            let m = matrix(&sc, sem, &columns)?;
            Ok(match format.as_str() {
                "csv" => m.csv(),
                "json" => {
                    serde_json::to_string_pretty(&m).map_err(|e| e.to_string())?
                        + "
"
                }
                _ => m.text(),
            })
        }
        Command::Sweep {
            scenario,
            param,
            step,
            metric,
            by,
            format,
        } => {
            let sc = load(&scenario)?;
            sc.validate(sc.mode)
                .map_err(|e| format!("{scenario}: {e}"))?;
            let param = Param::parse(&param, step)?;
            let s = sweep(&sc, &param, metric, by);
            if s.lines
                .iter()
                .all(|l| l.points.iter().all(|p| p.error.is_some()))
            {
                let why = s
                    .lines
                    .iter()
                    .flat_map(|l| &l.points)
                    .find_map(|p| p.error.clone());
                return Err(format!(
                    "no run of the sweep succeeded: {}",
                    why.unwrap_or_default()
                ));
            }
            Ok(match format.as_str() {
                "csv" => s.csv(),
                "json" => serde_json::to_string_pretty(&s).map_err(|e| e.to_string())? + "\n",
                _ => s.text(),
            })
        }
        Command::Tour { base } => Ok(bulkpool_allocator::view::tour::text(
            link_base(base)?.as_deref(),
        )),
        Command::Import {
            zoneinfo,
            buddyinfo,
            pagetypeinfo,
            zone,
            node,
            cpu,
            scale,
        } => {
            let types = pagetypeinfo.as_deref().map(read_proc).transpose()?;
            let options = import::Options {
                zone,
                node,
                cpu,
                scale,
            };
            let imported = import::import(
                &read_proc(&zoneinfo)?,
                &read_proc(&buddyinfo)?,
                types.as_deref(),
                &options,
            )
            .map_err(|e| e.to_string())?;
            for note in &imported.notes {
                eprintln!("bulkpool import: note: {note}");
            }
            Ok(imported.scenario.to_json() + "\n")
        }
    }
}

#[derive(Serialize)]
struct JsonLine {
    listing: bulkpool_allocator::trace::listing::Listing,
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
    source: bulkpool_allocator::explain::source::SourceRef,
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
    /// A what-if's design choices (`model::policy`) and its departures from its version's
    /// own: absent for a named run.
    #[serde(skip_serializing_if = "Option::is_none")]
    policies: Option<bulkpool_allocator::model::policy::Policies>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    departures: Vec<String>,
    end: bulkpool_allocator::trace::End,
    summary: bulkpool_allocator::explain::summary::Summary,
    events: Vec<JsonEvent<'a>>,
}

fn json(t: &Trace) -> Result<String, String> {
    let names = |id: u8| t.task_name(id).to_string();
    let mut events = Vec::with_capacity(t.len());
    t.for_each_step(|i, ev, w| {
        events.push(JsonEvent {
            step: i + 1,
            time_ms: w.now_ms,
            task: t.task_name(ev.task),
            event: ev,
            code: JsonLine {
                listing: ev.line.0,
                n: ev.line.1,
                text: ev.line.0.line(ev.line.1),
            },
            source: source_of_run(ev, t.rules()),
            narration: narrate(ev, w, t.rules(), &names),
        })
    });
    let run = JsonRun {
        scenario: &t.scenario.name,
        mode: t.mode,
        delivery_applies: t.scenario.uses_delivery(t.semantics),
        what_if: t.scenario.is_array_dm_crypt_what_if(t.mode, t.semantics)
            || t.rules().is_what_if(),
        semantics: t.semantics,
        policies: t.rules().is_what_if().then_some(t.rules().policies),
        departures: t
            .rules()
            .departures()
            .iter()
            .map(|(a, v)| format!("{}:{v}", a.name()))
            .collect(),
        end: t.end,
        summary: t.summary(),
        events,
    };
    serde_json::to_string_pretty(&run)
        .map(|s| s + "\n")
        .map_err(|e| e.to_string())
}
