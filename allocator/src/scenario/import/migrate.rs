//! Migrate types (`/proc/pagetypeinfo`, if given): the free blocks a GFP_NOIO request may never
//! take, per order, to be taken out of buddyinfo's counts. docs/IMPORT.md explains the choice.

use super::buddyinfo::Row;
use super::zoneinfo::Zone;
use super::{ImportError, Parsed};

/// Free blocks of these migrate types are never handed to a GFP_NOIO request: HighAtomic only
/// to high-order atomic ones, CMA only to movable ones, Isolate to none (v6.19
/// mm/page_alloc.c:1946 lists the fallbacks between the other three).
const RESERVED_TYPES: [&str; 3] = ["HighAtomic", "CMA", "Isolate"];
const USABLE_TYPES: [&str; 4] = ["Unmovable", "Movable", "Reclaimable", "Reserve"];

/// The free blocks no GFP_NOIO request may take, per order (pagetypeinfo), or none.
pub(super) fn reserved(
    p: &Parsed,
    z: &Zone,
    row: &Row,
    notes: &mut Vec<String>,
) -> Result<Vec<u128>, ImportError> {
    let Some(types) = &p.types else {
        notes.push("migrate types: no pagetypeinfo given, so every free block counts as one a GFP_NOIO request may take (reserved_free 0)".into());
        return Ok(vec![0; row.counts.len()]);
    };
    let rows: Vec<_> = types
        .iter()
        .filter(|t| t.node == z.node && t.zone == z.name)
        .collect();
    if rows.is_empty() {
        return Err(ImportError::of(z, "pagetypeinfo has no row of this zone"));
    }
    let mut sum = vec![0u128; row.counts.len()];
    let mut unknown = Vec::new();
    for t in rows {
        if t.counts.len() != row.counts.len() {
            return Err(ImportError::of(
                z,
                format!(
                    "pagetypeinfo line {} has {} orders, buddyinfo line {} has {}",
                    t.line,
                    t.counts.len(),
                    row.line,
                    row.counts.len()
                ),
            ));
        }
        if !RESERVED_TYPES.contains(&t.kind.as_str()) {
            if !USABLE_TYPES.contains(&t.kind.as_str()) {
                unknown.push(t.kind.clone());
            }
            continue;
        }
        for (o, c) in t.counts.iter().enumerate() {
            let c = c.ok_or_else(|| {
                ImportError::of(z, format!("pagetypeinfo line {}: the kernel stopped counting {} blocks of order {o} at 100000, so the reserved pages are not known", t.line, t.kind))
            })?;
            sum[o] += c as u128;
        }
    }
    if !unknown.is_empty() {
        unknown.sort();
        unknown.dedup();
        unknown.truncate(12);
        notes.push(format!(
            "migrate types {} are not known to the import; their free blocks count as usable",
            unknown.join(", ")
        ));
    }
    Ok(sum)
}
