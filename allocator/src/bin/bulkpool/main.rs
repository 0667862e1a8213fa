//! `bulkpool`: list the teaching presets, print one as an editable scenario file, run a preset
//! or scenario file and print the run (or one step) as 72-column text or as JSON, or print the
//! web app's permalink to it, or the guided tour.
//! Bad input exits with status 2 and a message on stderr.

mod args;
mod input;
mod json;

use args::{Cli, Command, Format};
use bulkpool_allocator::explain::step_text::{step_text, with_link, with_variant};
use bulkpool_allocator::explain::text::{self, Detail};
use bulkpool_allocator::model::policy::PolicySpec;
use bulkpool_allocator::scenario::import;
use bulkpool_allocator::view::link::{encode, Link, View};
use bulkpool_allocator::view::matrix::{matrix, Column};
use bulkpool_allocator::view::sweep::{sweep, Param};
use bulkpool_allocator::{presets, simulate};
use clap::Parser;
use input::{link_base, link_to, load, read_proc, refused, variant_of, LOCAL_BASE};
use json::json;
use std::process::ExitCode;

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
