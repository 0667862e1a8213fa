//! `Scenario::validate`: every bound and every semantics/mode combination, checked before a run.

use crate::model::types::{Mode, Semantics};
use crate::scenario::format::buddyinfo_pages;
use crate::scenario::{err, limits, Op, Scenario, ScenarioError};
use std::fmt::Display;

/// `field` is written out only for the error: a scenario may have thousands of ops, and the
/// page validates one for each semantics it offers.
fn within<T: PartialOrd + Display + Copy>(
    field: impl Display,
    value: T,
    lo: T,
    hi: T,
) -> Result<(), ScenarioError> {
    if value < lo || value > hi {
        return err(
            field.to_string(),
            format!("{value} is out of range (allowed {lo} to {hi})"),
        );
    }
    Ok(())
}

/// An op's path, `tasks[i].ops[j]`, written out only in an error.
#[derive(Clone, Copy)]
struct OpAt {
    task: usize,
    op: usize,
}

impl Display for OpAt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "tasks[{}].ops[{}]", self.task, self.op)
    }
}

impl Scenario {
    /// Checks the scenario for a run in `mode` and returns the semantics that run follows.
    pub fn validate(&self, mode: Mode) -> Result<Semantics, ScenarioError> {
        if self.name.trim().is_empty() || self.name.chars().count() > limits::MAX_NAME {
            return err(
                "name",
                format!("must be 1 to {} characters", limits::MAX_NAME),
            );
        }
        if self.description.chars().count() > limits::MAX_DESCRIPTION {
            return err(
                "description",
                format!("must be at most {} characters", limits::MAX_DESCRIPTION),
            );
        }
        let z = &self.zone;
        within(
            "zone.pages",
            z.pages,
            limits::MIN_FRAMES,
            limits::MAX_FRAMES,
        )?;
        let max_order = self.max_order();
        if let Some(o) = z.max_order {
            within("zone.max_order", o as u32, 1, 10)?;
            if (1u64 << o) > z.pages as u64 {
                return err(
                    "zone.max_order",
                    format!("2^{o} pages do not fit in a zone of {}", z.pages),
                );
            }
        }
        if !(z.min <= z.low && z.low <= z.high) {
            return err(
                "zone",
                format!(
                    "watermarks must satisfy min <= low <= high (got {}/{}/{})",
                    z.min, z.low, z.high
                ),
            );
        }
        let pages = z.pages as u64;
        within("zone.high", z.high, 0, pages)?;
        within("zone.lowmem_reserve", z.lowmem_reserve, 0, pages)?;
        // Each count on its own first, so that no sum below can overflow.
        within("zone.reserved_free", z.reserved_free, 0, pages)?;
        if let Some(f) = z.free {
            within("zone.free", f, 0, pages)?;
        }
        if let Some(info) = &z.buddyinfo {
            if info.len() > max_order as usize + 1 {
                return err(
                    "zone.buddyinfo",
                    format!(
                        "has {} orders but the zone's max order is {max_order}",
                        info.len()
                    ),
                );
            }
            for (o, n) in info.iter().enumerate() {
                within(
                    format_args!("zone.buddyinfo[{o}]"),
                    *n as u64,
                    0,
                    pages >> o,
                )?;
            }
            let total = buddyinfo_pages(info);
            within("zone.buddyinfo (total pages)", total, 0, pages)?;
            if let Some(f) = z.free {
                if f != total + z.reserved_free {
                    return err(
                        "zone.free",
                        format!(
                            "{f} disagrees with buddyinfo ({total}) + reserved_free ({})",
                            z.reserved_free
                        ),
                    );
                }
            }
        }
        let free = self.free_pages();
        within("zone.free", free, 0, pages)?;
        within("zone.reserved_free", z.reserved_free, 0, free)?;
        within("zone.reclaimable_clean", z.reclaimable_clean, 0, z.pages)?;
        within("zone.reclaimable_dirty", z.reclaimable_dirty, 0, z.pages)?;
        within(
            "zone.kswapd_rate",
            z.kswapd_rate,
            0,
            limits::MAX_KSWAPD_RATE,
        )?;
        within("pcp.batch", self.pcp.batch, 1, limits::MAX_BATCH)?;
        within(
            "pcp.high",
            self.pcp.high,
            self.pcp.batch,
            limits::MAX_PCP_HIGH,
        )?;
        within("pcp.count", self.pcp.count, 0, z.pages)?;
        within("horizon_ms", self.horizon_ms, 1, limits::MAX_HORIZON_MS)?;
        if let Some(p) = &self.pool {
            within("pool.min_nr", p.min_nr, 0, limits::MAX_REQUEST)?;
            if let Some(c) = p.curr_nr {
                within("pool.curr_nr", c, 0, p.min_nr)?;
            }
            if let Some(l) = p.dm_crypt_limit {
                within("pool.dm_crypt_limit", l, 0, limits::MAX_FRAMES as u64)?;
            }
            within(
                "pool.n_allocated",
                p.n_allocated,
                0,
                limits::MAX_FRAMES as u64,
            )?;
        }
        let sem = self.semantics_for(mode);
        if self.tasks.is_empty() {
            return err("tasks", "a scenario needs at least one task");
        }
        within("tasks (count)", self.tasks.len(), 1, limits::MAX_TASKS)?;
        for (i, t) in self.tasks.iter().enumerate() {
            let at = format!("tasks[{i}]");
            if t.name.trim().is_empty() || t.name.chars().count() > limits::MAX_TASK_NAME {
                return err(
                    format!("{at}.name"),
                    format!("must be 1 to {} characters", limits::MAX_TASK_NAME),
                );
            }
            if self.tasks[..i].iter().any(|o| o.name == t.name) {
                return err(
                    format!("{at}.name"),
                    format!("`{}` is used by two tasks", t.name),
                );
            }
            within(format_args!("{at}.holds"), t.holds, 0, z.pages)?;
            within(
                format_args!("{at}.ops (count)"),
                t.ops.len(),
                0,
                limits::MAX_OPS,
            )?;
            // min_nr as this task's earlier resizes left it (only one task may resize).
            let mut min_nr = self.pool.as_ref().map_or(0, |p| p.min_nr);
            for (j, op) in t.ops.iter().enumerate() {
                self.validate_op(OpAt { task: i, op: j }, op, mode, sem, min_nr)?;
                if let Op::Resize { min_nr: m } = op {
                    min_nr = *m;
                }
            }
        }
        let resizers = self
            .tasks
            .iter()
            .filter(|t| {
                t.ops
                    .iter()
                    .any(|o| matches!(o, Op::Resize { .. } | Op::MempoolInit))
            })
            .count();
        if resizers > 1 {
            return err(
                "tasks",
                format!("{resizers} tasks call mempool_resize or mempool_init; the model allows one (concurrent resizes can livelock under the scheduler's preemption)"),
            );
        }
        self.check_policy(sem, mode)?;
        let estimate = self.estimate_events(mode);
        if estimate > limits::MAX_EVENTS {
            return err(
                "scenario",
                format!("would need up to {estimate} events; the limit is {} (shorten horizon_ms or the requests)", limits::MAX_EVENTS),
            );
        }
        Ok(sem)
    }

    fn validate_op(
        &self,
        at: OpAt,
        op: &Op,
        mode: Mode,
        sem: Semantics,
        min_before: u32,
    ) -> Result<(), ScenarioError> {
        let needs_pool = || -> Result<(), ScenarioError> {
            if self.pool.is_none() {
                return err(
                    at.to_string(),
                    "uses the mempool but the scenario has no `pool`",
                );
            }
            Ok(())
        };
        match op {
            Op::MempoolBulk {
                nr, gfp, resume, ..
            } => {
                needs_pool()?;
                within(format_args!("{at}.nr"), *nr, 1, limits::MAX_REQUEST)?;
                if gfp.contains(crate::Gfp::ZERO) {
                    return err(
                        format!("{at}.gfp"),
                        "__GFP_ZERO is not allowed with mempools",
                    );
                }
                if !sem.mempool_bulk_modes().contains(&mode) {
                    return err(at.to_string(), mempool_bulk_mode_message(sem, mode));
                }
                if let Some(r) = resume {
                    if at.op != 0 {
                        return err(format!("{at}.resume"), "only a task's first op can resume");
                    }
                    within(format_args!("{at}.resume.held"), r.held, 0, nr - 1)?;
                    if sem == Semantics::Mainline6_19 && r.sleeping {
                        return err(
                            format!("{at}.resume"),
                            "resuming asleep is modelled for rfc-2022 and v2-2023 only",
                        );
                    }
                }
            }
            Op::Bulk { nr, array, .. } => {
                within(format_args!("{at}.nr"), *nr, 1, limits::MAX_REQUEST)?;
                if mode == Mode::Callback && sem != Semantics::V2_2023 {
                    return err(
                        at.to_string(),
                        format!("alloc_pages_bulk_cb exists only in v2-2023, not {sem}"),
                    );
                }
                if mode == Mode::List && sem == Semantics::Mainline6_19 {
                    return err(
                        at.to_string(),
                        "the list interface was removed in v6.14; use array mode",
                    );
                }
                if let Some(a) = array {
                    if at.op != 0 {
                        return err(
                            format!("{at}.array"),
                            "only a task's first op can bring an array",
                        );
                    }
                    if a.chars().count() != *nr as usize {
                        return err(
                            format!("{at}.array"),
                            format!("has {} slots but nr is {nr}", a.chars().count()),
                        );
                    }
                    if let Some(c) = a.chars().find(|c| !matches!(c, 'P' | '_' | 'S')) {
                        return err(
                            format!("{at}.array"),
                            format!("`{c}` is not P (page), _ (NULL) or S (stale)"),
                        );
                    }
                }
            }
            Op::MempoolAlloc { count, .. } => {
                needs_pool()?;
                if page_bulk_pool(sem) {
                    return err(at.to_string(), format!("under {sem} the pool is a page-bulk pool, which has no pool->alloc: mempool_alloc would call NULL (use k6.0 or mainline-6.19)"));
                }
                // __GFP_ZERO is a caller bug the kernel warns about and lets pass
                // (VM_WARN_ON_ONCE in mempool_alloc): the run shows the warning.
                within(format_args!("{at}.count"), *count, 1, limits::MAX_REQUEST)?;
            }
            Op::DmCrypt {
                pages,
                first_pass_only,
                start_blocking,
            } => {
                needs_pool()?;
                within(format_args!("{at}.pages"), *pages, 1, limits::MAX_REQUEST)?;
                if *first_pass_only && *start_blocking {
                    return err(
                        at.to_string(),
                        "first_pass_only and start_blocking exclude each other",
                    );
                }
                match sem {
                    Semantics::K6_0 => {}
                    Semantics::Rfc2022 | Semantics::V2_2023 => {
                        if !sem.mempool_bulk_modes().contains(&mode) {
                            return err(at.to_string(), mempool_bulk_mode_message(sem, mode));
                        }
                    }
                    // v6.5+ dm-crypt allocates compound pages; delivery modes do not apply.
                    Semantics::Mainline6_19 => {}
                    Semantics::PreMay2022 => {
                        return err(at.to_string(), format!("dm-crypt is not modelled for {sem}: use k6.0, rfc-2022, v2-2023 or mainline-6.19"));
                    }
                }
            }
            Op::Io { ms } => within(format_args!("{at}.ms"), *ms, 0, limits::MAX_HORIZON_MS)?,
            Op::Free { count } | Op::FreePages { count } => {
                if matches!(op, Op::Free { .. }) {
                    needs_pool()?;
                }
                within(format_args!("{at}.count"), *count, 1, self.zone.pages)?;
            }
            Op::FreeAll | Op::MempoolInit => needs_pool()?,
            Op::Resize { min_nr } => {
                needs_pool()?;
                within(format_args!("{at}.min_nr"), *min_nr, 1, limits::MAX_REQUEST)?;
                if page_bulk_pool(sem) && *min_nr > min_before {
                    return err(format!("{at}.min_nr"), format!("growing a page-bulk pool to {min_nr} (from {min_before}) would call pool->alloc, which the {sem} page-bulk pool lacks"));
                }
            }
            Op::PcpContention { .. } => {}
        }
        Ok(())
    }
}

/// Yang Shi's series set `pool->alloc_pages_bulk` and leave `pool->alloc` NULL (RFC 2/4,
/// v2 3/5: `WARN_ON_ONCE(alloc_pages_bulk_fn && alloc_fn)`).
fn page_bulk_pool(sem: Semantics) -> bool {
    matches!(sem, Semantics::Rfc2022 | Semantics::V2_2023)
}

fn mempool_bulk_mode_message(sem: Semantics, mode: Mode) -> String {
    match sem {
        Semantics::K6_0 | Semantics::PreMay2022 => format!(
            "{sem} has no mempool page-bulk API: use rfc-2022 (list, array), v2-2023 (array, \
             callback) or mainline-6.19 (array)"
        ),
        _ => {
            let modes: Vec<&str> = sem.mempool_bulk_modes().iter().map(|m| m.name()).collect();
            format!("{sem} offers {} delivery, not {mode}", modes.join(" and "))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::Scenario;
    use crate::Mode;

    /// F counts the reserved blocks with `buddyinfo`'s, as it does with `free` (SCENARIO.md).
    #[test]
    fn free_pages_with_buddyinfo_and_reserved_free_include_both() {
        let mut sc = Scenario::default();
        sc.zone.buddyinfo = Some(vec![0, 0, 0, 2, 1]);
        sc.zone.reserved_free = 8;
        assert_eq!(sc.free_pages(), 16 + 16 + 8);
        let t = crate::simulate(&sc, Mode::List).unwrap();
        assert_eq!(t.initial.zone.buddy.nr_free_pages(), 40);
        // The same zone with `free` spelled out, right and wrong.
        sc.zone.free = Some(40);
        assert_eq!(crate::simulate(&sc, Mode::List).unwrap().initial, t.initial);
        sc.zone.free = Some(32);
        let e = sc.validate(Mode::List).unwrap_err();
        assert_eq!(
            e.to_string(),
            "zone.free: 32 disagrees with buddyinfo (32) + reserved_free (8)"
        );
        // Blocks and reserve that together pass the zone's size.
        sc.zone.free = None;
        sc.zone.pages = 64;
        sc.zone.buddyinfo = Some(vec![0, 0, 0, 0, 0, 1]);
        sc.zone.reserved_free = 40;
        let e = sc.validate(Mode::List).unwrap_err();
        assert_eq!(
            e.to_string(),
            "zone.free: 72 is out of range (allowed 0 to 64)"
        );
    }

    #[test]
    fn counts_too_large_to_add_are_range_errors() {
        let mut sc = Scenario::default();
        sc.zone.buddyinfo = Some(vec![u32::MAX; 11]);
        let e = sc.validate(Mode::List).unwrap_err();
        assert_eq!(e.field, "zone.buddyinfo[0]");
        sc.zone.buddyinfo = Some(vec![1]);
        sc.zone.reserved_free = u64::MAX;
        assert_eq!(
            sc.validate(Mode::List).unwrap_err().field,
            "zone.reserved_free"
        );
        sc.zone.reserved_free = 0;
        sc.pool.as_mut().unwrap().n_allocated = u64::MAX;
        assert_eq!(
            sc.validate(Mode::List).unwrap_err().field,
            "pool.n_allocated"
        );
        // The estimate is asked before validation: it saturates rather than overflows.
        sc.horizon_ms = u64::MAX;
        sc.tasks.clear();
        assert_eq!(sc.estimate_events(Mode::Array), 16 + u64::MAX / 100 * 2);
        sc.tasks = vec![crate::scenario::TaskSpec::default(); 3];
        sc.tasks[0].ops = vec![crate::scenario::Op::Bulk {
            nr: u32::MAX,
            gfp: crate::Gfp::GFP_KERNEL,
            array: None,
        }];
        assert_eq!(sc.estimate_events(Mode::Array), u64::MAX);
    }
}
