//! From one parsed zone to a scenario: the frames (managed pages), the free blocks per order
//! (buddyinfo, less the migrate types no GFP_NOIO request may take when pagetypeinfo is given),
//! the watermarks, lowmem_reserve from `protection`, one CPU's pcp, and one dm-crypt bio on
//! dm-crypt's pool; `scale` divides the zone's page counts. Every number then goes through
//! `validate` and the layout. docs/IMPORT.md explains each choice.

use super::buddyinfo::Row;
use super::migrate::reserved;
use super::zoneinfo::{Field, Pagesets, Zone};
use super::{ImportError, Imported, Parsed};
use crate::scenario::layout::build_world;
use crate::scenario::{limits, Op, PcpSpec, PoolSpec, Scenario, TaskSpec, ZoneSpec};

/// dm-crypt's pool and bio: `mempool_init(&cc->page_pool, BIO_MAX_VECS, …)` (v6.19
/// drivers/md/dm-crypt.c:3312), and a bio of BIO_MAX_VECS pages (1 MiB of 4 KiB pages).
pub const BIO_PAGES: u32 = 256;
/// The model's highest order (MAX_ORDER 11 orders before v6.4, NR_PAGE_ORDERS after).
const MODEL_ORDERS: usize = 11;
fn need(z: &Zone, f: Option<Field>, key: &str) -> Result<u64, ImportError> {
    f.map(|f| f.value)
        .ok_or_else(|| ImportError::of(z, format!("no `{key}` line (is the file cut short?)")))
}

fn need_pcp(z: &Zone, p: &Pagesets, f: Option<Field>, key: &str) -> Result<u64, ImportError> {
    f.map(|f| f.value).ok_or_else(|| {
        ImportError::of(
            z,
            format!(
                "cpu {} (line {}) has no `{key}:` line (is the file cut short?)",
                p.cpu, p.line
            ),
        )
    })
}

/// A pcp number for a 32-bit field of the scenario: larger ones are errors, not wrapped.
fn field32(z: &Zone, p: &Pagesets, key: &str, v: u64) -> Result<u32, ImportError> {
    u32::try_from(v).map_err(|_| {
        ImportError::of(
            z,
            format!(
                "cpu {}'s `{key}` (from line {}) is {v}, beyond any count of the model",
                p.cpu, p.line
            ),
        )
    })
}

/// Orders above the model's tenth folded into order-10 blocks (an order-11 block is two).
fn fold(counts: &[u128]) -> Vec<u128> {
    let mut c: Vec<u128> = counts.iter().take(MODEL_ORDERS).copied().collect();
    for (i, n) in counts.iter().enumerate().skip(MODEL_ORDERS) {
        c[MODEL_ORDERS - 1] += n << (i - (MODEL_ORDERS - 1));
    }
    c
}

fn pages_of(counts: &[u128]) -> u128 {
    counts.iter().enumerate().map(|(o, n)| n << o).sum()
}

/// The refusal of a zone above the model's frames: the zones of the file that fit, and what
/// a scaled import would change.
fn too_large(p: &Parsed, z: &Zone, frames: u64, pcp_batch: u64, scale: u32) -> ImportError {
    let k = frames.div_ceil(limits::MAX_FRAMES as u64);
    // Only zones that import as they are: a zone within the frames can still refuse (its
    // free blocks leave no frame for the pool's reserve).
    let fit: Vec<String> = p
        .choices()
        .into_iter()
        .filter(|c| c.min_scale == 1)
        .filter(|c| {
            let options = super::Options {
                zone: Some(c.name.clone()),
                node: Some(c.node),
                cpu: None,
                scale: 1,
            };
            p.import(&options).is_ok()
        })
        .map(|c| format!("{} of node {} ({} pages)", c.name, c.node, c.frames))
        .collect();
    let fit = match fit.is_empty() {
        true => "No zone of this file fits as is".to_string(),
        false => format!("The zones of this file that fit: {}", fit.join(", ")),
    };
    if k > super::MAX_SCALE as u64 {
        return ImportError::of(
            z,
            format!(
                "{frames} managed pages: more than the model's {} frames even at the largest scale, ×1/{}",
                limits::MAX_FRAMES,
                super::MAX_SCALE
            ),
        );
    }
    let asked = match scale {
        1 => String::new(),
        s => format!(" (÷{s} leaves {})", frames / s as u64),
    };
    ImportError::of(
        z,
        format!(
            "{frames} {} pages{asked}; the model holds at most {} (2^20) frames, and the import never shrinks a zone silently. {fit}. Or import it scaled ×1/{k} (Scale ×1/{k} in the dialog, --scale {k} on the command line): the zone's pages, free blocks, watermarks, lowmem_reserve and the pcp's count and high divided by {k}, while the bio ({BIO_PAGES} pages), the pool ({BIO_PAGES}) and the pcp batch ({pcp_batch}) stay as they are, so the bio asks {k}× more of the zone than it would of the real one; the scenario's name and description then say \"scaled ×1/{k}\".",
            if z.managed.is_some() { "managed" } else { "present" },
            limits::MAX_FRAMES
        ),
    )
}

/// The scenario of zone `z` with CPU `pcp`'s list, every page count of the zone divided by
/// `scale`.
pub(super) fn build(
    p: &Parsed,
    z: &Zone,
    row: &Row,
    pcp: &Pagesets,
    scale: u32,
) -> Result<Imported, ImportError> {
    let mut notes = Vec::new();
    let k = scale as u64;
    let frames_field = z.frames().ok_or_else(|| {
        ImportError::of(z, "no `managed` or `present` line (is the file cut short?)")
    })?;
    let frames = frames_field.value;
    let batch = need_pcp(z, pcp, pcp.batch, "batch")?;
    if frames > limits::MAX_FRAMES as u64 * k {
        return Err(too_large(p, z, frames, batch, scale));
    }
    match z.managed {
        Some(_) => notes.push(format!("frames: the zone's {frames} managed pages, the ones the buddy allocator owns (spanned {}, present {})", z.spanned.map_or("?".into(), |f| f.value.to_string()), z.present.map_or("?".into(), |f| f.value.to_string()))),
        None => notes.push(format!("frames: the zone's {frames} present pages (this kernel prints no `managed`)")),
    }

    // Free blocks: buddyinfo, less the reserved migrate types, folded to the model's orders.
    let all: Vec<u128> = row.counts.iter().map(|&c| c as u128).collect();
    let mut res = reserved(p, z, row, &mut notes)?;
    for (o, r) in res.iter_mut().enumerate() {
        if *r > all[o] {
            notes.push(format!("pagetypeinfo's reserved blocks of order {o} ({r}) exceed buddyinfo's ({}): the files were read at different moments; capped", all[o]));
            *r = all[o];
        }
    }
    let usable: Vec<u128> = all.iter().zip(&res).map(|(a, r)| a - r).collect();
    if all.len() > MODEL_ORDERS {
        notes.push(format!("buddyinfo has {} orders; the model's highest is 10, so each block of order 11 or more counts as 2^(order-10) order-10 blocks (the same pages)", all.len()));
    }
    let (all, usable, res) = (fold(&all), fold(&usable), fold(&res));
    let free = pages_of(&all);
    if free > frames as u128 {
        return Err(ImportError::of(z, format!("buddyinfo line {} counts {free} free pages, more than the zone's {frames}: were the two files taken on the same machine?", row.line)));
    }
    // Divided by `scale` from the highest order down; what does not divide carries to the
    // order below, so F becomes floor(F / scale) and no block grows.
    let mut carry: u128 = 0;
    let mut blocks = vec![0u32; usable.len()];
    for o in (0..usable.len()).rev() {
        let pages = (usable[o] << o) + carry;
        let unit = (k as u128) << o;
        blocks[o] = (pages / unit) as u32;
        carry = pages % unit;
    }
    let reserved_free = (pages_of(&res) / k as u128) as u64;
    if let Some(f) = z.free_counter() {
        let diff = free as i128 - f.value as i128;
        notes.push(format!("F = {free} free pages from buddyinfo line {}; zoneinfo's nr_free_pages (line {}) says {} ({diff:+}): the two files are read at different moments", row.line, f.line, f.value));
    }
    if p.types.is_some() {
        notes.push(format!("reserved_free: {} free pages of types HighAtomic, CMA and Isolate (pagetypeinfo), which count in F and by the watermarks but are never handed to a GFP_NOIO request", pages_of(&res)));
    }

    let wmark = |f: Option<Field>, key| need(z, f, key).map(|v| v / k);
    let (min, low, high) = (
        wmark(z.min, "min")?,
        wmark(z.low, "low")?,
        wmark(z.high, "high")?,
    );
    if let Some(b) = z.boost.filter(|b| b.value > 0) {
        notes.push(format!(
            "min/low/high as printed include the watermark boost ({})",
            b.value
        ));
    }
    let pages = frames / k;
    let lowmem_reserve = lowmem_reserve(p, z, k, pages, &mut notes);

    let count = need_pcp(z, pcp, pcp.count, "count")? / k;
    let mut pcp_high = need_pcp(z, pcp, pcp.high, "high")? / k;
    let cpus = z.cpus.len();
    notes.push(format!(
        "pcp: cpu {} of the zone's {cpus} (line {}): count {}, high {}, batch {batch}",
        pcp.cpu,
        pcp.line,
        count * k,
        pcp_high * k
    ));
    if pcp_high < batch {
        notes.push(format!("pcp high {pcp_high} is below batch {batch}; the model needs high >= batch, so high = {batch} (every free past the batch drains, as a high of 0 frees at once)"));
        pcp_high = batch;
    }
    if let (Some(lo), Some(hi)) = (pcp.high_min, pcp.high_max) {
        notes.push(format!(
            "pcp high_min {} and high_max {} ignored: the model keeps the pcp high fixed",
            lo.value, hi.value
        ));
    }
    let limit = dm_crypt_limit(p, &mut notes);
    // Named one by one, except the zone's counters (nr_*, numa_*), which are counted.
    let counter = |k: &&String| {
        (k.starts_with("nr_") || k.starts_with("numa_"))
            && !matches!(k.as_str(), "nr_free_pages_blocks" | "nr_free_cma")
    };
    let mut ignored: Vec<String> = z.ignored.iter().filter(|k| !counter(k)).cloned().collect();
    let counters = z.ignored.iter().filter(counter).count();
    if counters > 0 {
        ignored.push(format!("{counters} other zone counters (nr_*, numa_*)"));
    }
    if z.node_stats > 0 {
        ignored.push(format!("{} per-node stats", z.node_stats));
    }
    if z.ignored_more > 0 {
        ignored.push(format!("{} more lines", z.ignored_more));
    }
    if !ignored.is_empty() {
        notes.push(format!("ignored: {}", ignored.join(", ")));
    }
    notes.push("not in these files, the model's defaults: kswapd_rate 32, no reclaimable page cache, a horizon of 30 s".into());

    let name_zone: String = z.name.chars().take(16).collect();
    let mut name = format!("node {} {name_zone} (/proc)", z.node);
    let mut scaled = String::new();
    if k > 1 {
        name.push_str(&format!(", scaled ×1/{k}"));
        scaled = format!(" Scaled ×1/{k}: the zone's pages, free blocks, watermarks, lowmem_reserve and the pcp's count and high are divided by {k}; the bio, the pool and the pcp batch are not.");
        notes.push(format!("scaled ×1/{k}: {frames} frames become {pages}"));
    }
    let sc = Scenario {
        name,
        description: format!(
            "Imported from /proc/zoneinfo and /proc/buddyinfo: zone {} of node {}, cpu {}'s per-CPU list, {frames} {} pages.{scaled} One dm-crypt bio of {BIO_PAGES} pages on dm-crypt's page pool (min_nr {BIO_PAGES}).",
            z.name, z.node, pcp.cpu, if z.managed.is_some() { "managed" } else { "present" }
        ),
        zone: ZoneSpec {
            pages: u32::try_from(pages).unwrap_or(u32::MAX),
            min,
            low,
            high,
            free: None,
            buddyinfo: Some(blocks),
            reserved_free,
            lowmem_reserve,
            max_order: (all.len() < MODEL_ORDERS).then_some((all.len() as u8).saturating_sub(1)),
            ..ZoneSpec::default()
        },
        pcp: PcpSpec {
            count: field32(z, pcp, "count", count)?,
            batch: field32(z, pcp, "batch", batch)?,
            high: field32(z, pcp, "high", pcp_high)?,
            locked_by_other: false,
        },
        pool: Some(PoolSpec {
            min_nr: BIO_PAGES,
            curr_nr: None,
            dm_crypt_limit: Some(limit),
            n_allocated: 0,
        }),
        tasks: vec![TaskSpec {
            name: "kcryptd".into(),
            holds: 0,
            ops: vec![Op::DmCrypt {
                pages: BIO_PAGES,
                first_pass_only: false,
                start_blocking: false,
            }],
        }],
        ..Scenario::default()
    };
    let sc = checked(sc, z, frames, k, &mut notes)?;
    Ok(Imported {
        scenario: sc,
        notes,
    })
}

/// `protection[i]` for the highest zone a GFP_KERNEL or GFP_NOIO request may use, `Normal`
/// (`ac->highest_zoneidx = gfp_zone(gfp_mask)`, v6.0 mm/page_alloc.c:5302, and the check
/// `free > mark + z->lowmem_reserve[highest_zoneidx]`, :4060).
fn lowmem_reserve(p: &Parsed, z: &Zone, k: u64, pages: u64, notes: &mut Vec<String>) -> u64 {
    let listed: Vec<&Zone> = p.zones.iter().filter(|o| o.node == z.node).collect();
    let normal = listed.iter().position(|o| o.name == "Normal");
    let own = listed.iter().position(|o| std::ptr::eq(*o, z));
    // Older kernels list only populated zones (the 3.13 capture: three zones, four entries of
    // `protection`); Normal's index is still that of its line while the zones below it have
    // pages, as DMA and DMA32 do.
    let Some((values, line)) = &z.protection else {
        notes.push("lowmem_reserve 0: the zone has no `protection` line".into());
        return 0;
    };
    let Some(i) = normal.filter(|&i| i < values.len()) else {
        notes.push(format!("lowmem_reserve 0: node {} lists no Normal zone, and `protection` (line {line}) is read at the index of the request's highest zone, Normal", z.node));
        return 0;
    };
    if own.is_some_and(|o| o > i) {
        notes.push(format!("zone {} is above Normal: a GFP_NOIO or GFP_KERNEL request never takes pages from it (gfp_zone); the model runs the bio on it all the same", z.name));
    }
    let reserve = values[i] / k;
    notes.push(format!(
        "lowmem_reserve = protection[{i}] = {} (line {line}): the reserve against a request whose highest zone is Normal",
        values[i]
    ));
    if reserve > pages {
        notes.push(format!("lowmem_reserve {reserve} exceeds the zone's {pages} frames: no GFP_NOIO request may take a page from it; the model's limit is the zone's size, which fails every check the same way"));
        return pages;
    }
    reserve
}

/// dm-crypt's per-client limit: 2% of the machine's low memory, at least 4,096 pages
/// (`crypt_calculate_pages_per_client`, v6.19 drivers/md/dm-crypt.c:2692-2700), one client.
/// Not scaled: it counts the bio's pages, which are not.
fn dm_crypt_limit(p: &Parsed, notes: &mut Vec<String>) -> u64 {
    let lowmem: u64 = p
        .zones
        .iter()
        .filter(|z| z.name != "HighMem")
        .filter_map(|z| z.frames())
        .fold(0, |a, f| a.saturating_add(f.value));
    let limit = (lowmem / 100).saturating_mul(2).max(4096);
    let capped = limit.min(limits::MAX_FRAMES as u64);
    notes.push(format!("dm-crypt's limit: 2% of the {lowmem} managed pages below HighMem of every node, at least 4096 = {limit}{}", if capped < limit { format!(", capped at the model's {capped} (no bio of the model reaches either)") } else { String::new() }));
    capped
}

/// The model's checks and the layout; a zone whose free blocks cannot be laid out in its
/// managed frames takes its present frames (boot-reserved pages sit between the real blocks).
fn checked(
    sc: Scenario,
    z: &Zone,
    frames: u64,
    k: u64,
    notes: &mut Vec<String>,
) -> Result<Scenario, ImportError> {
    let fail = |e: crate::scenario::ScenarioError| {
        ImportError::of(
            z,
            format!("the imported scenario does not fit the model: {e}"),
        )
    };
    let mode = sc.mode;
    let sem = sc.validate(mode).map_err(fail)?;
    let Err(e) = build_world(&sc, mode, sem) else {
        return Ok(sc);
    };
    let present = z.present.map_or(0, |f| f.value);
    let more = present / k;
    if present > frames && more <= limits::MAX_FRAMES as u64 {
        let mut wider = sc.clone();
        wider.zone.pages = more as u32;
        if let Ok(sem) = wider.validate(mode) {
            if build_world(&wider, mode, sem).is_ok() {
                let note = format!("frames: the zone's {present} present pages: the free blocks, the pcp's pages and the pool's reserve do not fit in its {frames} managed pages without merging ({e}), and in the real zone boot-reserved pages and holes keep its blocks apart");
                match notes.iter_mut().find(|n| n.starts_with("frames:")) {
                    Some(n) => *n = note,
                    None => notes.push(note),
                }
                return Ok(wider);
            }
        }
    }
    Err(ImportError::of(
        z,
        format!("the imported scenario does not fit the model: {e} (the pool's {BIO_PAGES} reserve pages and the pcp's pages need frames outside the free blocks; pick another zone or CPU, or edit pool.min_nr after importing another zone)"),
    ))
}
