//! Which design choices (`model::policy`) a scenario's run reads, and which combinations mean
//! nothing: a policy set on an axis the run never reads, or a first call the pool cannot make.
//! The validation, the CLI, the web's Policies panel and the design matrix all ask here.

use crate::model::policy::{Axis, FirstCall};
use crate::model::types::{Mode, Semantics};
use crate::scenario::{err, Op, Scenario, ScenarioError};

impl Scenario {
    /// The axes a run of this scenario in `mode` under `sem` reads: the others change nothing.
    pub fn policy_axes(&self, sem: Semantics, mode: Mode) -> Vec<Axis> {
        let ops = || self.tasks.iter().flat_map(|t| &t.ops);
        let bulk = ops().any(|op| matches!(op, Op::MempoolBulk { .. }));
        let dm = ops().any(|op| matches!(op, Op::DmCrypt { .. }));
        let single = ops().any(|op| matches!(op, Op::MempoolAlloc { .. }));
        let yang_shi = matches!(sem, Semantics::Rfc2022 | Semantics::V2_2023);
        let array_bulk = mode == Mode::Array
            && (bulk || (dm && yang_shi) || ops().any(|op| matches!(op, Op::Bulk { .. })));
        let pool = self.pool.is_some();
        Axis::ALL
            .into_iter()
            .filter(|a| match a {
                Axis::Drain => bulk || (dm && yang_shi),
                Axis::Lock => bulk || dm || single,
                Axis::First => bulk && sem == Semantics::Mainline6_19,
                Axis::Charge => array_bulk,
                Axis::Serial => bulk || dm,
                Axis::Wake => pool,
            })
            .collect()
    }

    /// A policy that means nothing for this run is an error that says why.
    pub(crate) fn check_policy(&self, sem: Semantics, mode: Mode) -> Result<(), ScenarioError> {
        let p = &self.policy;
        if let Some(first) = p.first {
            let page_bulk = matches!(sem, Semantics::Rfc2022 | Semantics::V2_2023);
            if page_bulk && first != FirstCall::Mempool {
                return err(
                    "policy.first",
                    format!("{sem}'s page-bulk pool has no pool->alloc: only its bulk function fills it, so nobody but the mempool can call the bulk allocator first"),
                );
            }
            if sem == Semantics::Mainline6_19 && first == FirstCall::Mempool {
                return err(
                    "policy.first",
                    "mempool_alloc_bulk's pool has no bulk function (that is the RFC and v2 page-bulk pool): the caller or nobody calls alloc_pages_bulk first",
                );
            }
        }
        let set = [
            (Axis::Drain, p.drain.is_some()),
            (Axis::Lock, p.lock.is_some()),
            (Axis::First, p.first.is_some()),
            (Axis::Charge, p.charge.is_some()),
            (Axis::Serial, p.serial.is_some()),
            (Axis::Wake, p.wake.is_some()),
        ];
        let reads = self.policy_axes(sem, mode);
        for (axis, is_set) in set {
            if is_set && !reads.contains(&axis) {
                return err(
                    format!("policy.{}", axis.name()),
                    format!(
                        "{} does not apply here: no call of this scenario under {sem} in {mode} delivery reads it",
                        axis.title().to_lowercase()
                    ),
                );
            }
        }
        Ok(())
    }
}
