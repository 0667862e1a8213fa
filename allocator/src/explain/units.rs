//! Numbers as the pages show them, without floating-point formatting (which costs the
//! WebAssembly module several kilobytes): tenths of seconds and percentages.

/// 4960 ms → "5.0" (seconds, to a tenth, rounded half up).
pub fn tenths_of_seconds(ms: u64) -> String {
    let tenths = (ms + 50) / 100;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// `num / den` as a percentage with three decimals for CSS: 1 of 3 → "33.333%". 0 when
/// `den` is 0.
pub fn percent(num: u64, den: u64) -> String {
    if den == 0 {
        return "0%".into();
    }
    let x = (num as u128 * 100_000 / den as u128) as u64;
    format!("{}.{:03}%", x / 1000, x % 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_as_float_formatting() {
        for ms in [0, 49, 50, 4960, 5000, 12_345, 999_999] {
            // Rounded half up where float formatting rounds half to even on exact halves.
            assert_eq!(
                tenths_of_seconds(ms),
                format!("{:.1}", (ms as f64 / 1000.0 + 1e-9)),
                "{ms}"
            );
        }
        // Truncated to a thousandth of a percent.
        for (n, d, want) in [
            (1, 3, "33.333%"),
            (2, 3, "66.666%"),
            (0, 7, "0.000%"),
            (7, 7, "100.000%"),
            (12_345, 65_536, "18.836%"),
            (5, 0, "0%"),
        ] {
            assert_eq!(percent(n, d), want, "{n}/{d}");
        }
    }
}
