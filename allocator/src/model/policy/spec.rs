//! A scenario's departures from its version's bundle (`PolicySpec`): the scenario format's
//! `policy`, parsed from `drain=all-or-nothing,lock=held` and written as a link's `p=`.

use super::*;

/// A scenario's departures from its version's own bundle (the scenario format's `policy`):
/// each axis set here overrides the bundle. Empty for every named run, and then left out of the
/// scenario's JSON, so files and links made before it keep their bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PolicySpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drain: Option<Drain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lock: Option<WaitLock>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<FirstCall>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charge: Option<ArrayCharge>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<Serial>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wake: Option<Wake>,
}

impl PolicySpec {
    pub fn is_empty(&self) -> bool {
        *self == PolicySpec::default()
    }

    /// `base` with this spec's axes set.
    pub fn over(&self, base: Policies) -> Policies {
        Policies {
            drain: self.drain.unwrap_or(base.drain),
            lock: self.lock.unwrap_or(base.lock),
            first: self.first.unwrap_or(base.first),
            charge: self.charge.unwrap_or(base.charge),
            serial: self.serial.unwrap_or(base.serial),
            wake: self.wake.unwrap_or(base.wake),
        }
    }

    /// The spec of `list`, `axis:value` or `axis=value` items separated by commas
    /// (`drain:all-or-nothing,lock:held`), against the run's own bundle `base`: an item that
    /// names `base`'s own value is no departure. At most one item per axis.
    pub fn parse(list: &str, base: Policies) -> Result<PolicySpec, String> {
        let mut target = base;
        let mut seen: Vec<Axis> = Vec::new();
        for item in list.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let (axis, value) = item
                .split_once(':')
                .or_else(|| item.split_once('='))
                .ok_or_else(|| {
                    format!("`{item}` is not axis:value (for example drain:all-or-nothing)")
                })?;
            let axis = Axis::parse(axis.trim())?;
            if seen.contains(&axis) {
                return Err(format!("{} is set twice", axis.name()));
            }
            seen.push(axis);
            target = target.with(axis, value.trim())?;
        }
        Ok(PolicySpec::between(base, target))
    }

    /// The axes this spec sets, each with its value, whatever the run's own bundle:
    /// `[(Drain, "all-or-nothing")]`. For a what-if's label.
    pub fn set(&self) -> Vec<(Axis, &'static str)> {
        // Every set axis takes its value from the spec, so any bundle will do as the base.
        let values = self.over(Policies::of(Semantics::Rfc2022));
        let is_set = |a: Axis| match a {
            Axis::Drain => self.drain.is_some(),
            Axis::Lock => self.lock.is_some(),
            Axis::First => self.first.is_some(),
            Axis::Charge => self.charge.is_some(),
            Axis::Serial => self.serial.is_some(),
            Axis::Wake => self.wake.is_some(),
        };
        Axis::ALL
            .into_iter()
            .filter(|a| is_set(*a))
            .map(|a| (a, values.get(a)))
            .collect()
    }

    /// `axis:value` items, the `p=` form of a link; empty for no departure.
    pub fn to_list(&self, base: Policies) -> String {
        let target = self.over(base);
        target
            .departures_from(base)
            .iter()
            .map(|(a, v)| format!("{}:{v}", a.name()))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The spec that turns `base` into `target`: the axes where they differ.
    pub fn between(base: Policies, target: Policies) -> PolicySpec {
        fn pick<T: PartialEq>(a: T, b: T) -> Option<T> {
            (a != b).then_some(b)
        }
        PolicySpec {
            drain: pick(base.drain, target.drain),
            lock: pick(base.lock, target.lock),
            first: pick(base.first, target.first),
            charge: pick(base.charge, target.charge),
            serial: pick(base.serial, target.serial),
            wake: pick(base.wake, target.wake),
        }
    }
}
