//! The command line: subcommands, their flags and the parsers of `--mode` and `--semantics`.

use bulkpool_allocator::view::sweep::{By, Metric};
use bulkpool_allocator::{Mode, Semantics};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand, ValueEnum};

/// Scenario files larger than this are refused before parsing.
pub(crate) const MAX_FILE_BYTES: u64 = 4 << 20;

#[derive(Parser)]
#[command(
    name = "bulkpool",
    version,
    about = "Step through the Linux mempool page bulk allocator"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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

/// `--mode`: the names of scenario files and links (`Mode::name`), listed in the help.
pub(crate) fn mode_parser() -> impl TypedValueParser<Value = Mode> {
    PossibleValuesParser::new(Mode::ALL.map(Mode::name)).try_map(|s| s.parse::<Mode>())
}

/// `--semantics`: the names of scenario files and links (`Semantics::name`), listed in the help.
pub(crate) fn semantics_parser() -> impl TypedValueParser<Value = Semantics> {
    PossibleValuesParser::new(Semantics::ALL.map(Semantics::name))
        .try_map(|s| s.parse::<Semantics>())
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}
