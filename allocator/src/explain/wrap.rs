//! The rules of text made for a mail (docs/LINKS.md, "Text for a mail"): at most 72 columns,
//! ASCII, and wrapping that keeps together what a reader needs together.
//!
//! - A URL is never split. One that does not fit stands alone on its own line, whole, and that
//!   is the only kind of line allowed past 72 columns (mail clients and lore do not rejoin a
//!   broken link; kernel mail practice leaves long URLs whole).
//! - An array slot stays with its value (`[6] 997`), a number with its unit (`5 s`,
//!   `5000 ms`, `4 pages`), and a comparison with both its sides (`F = 36`, `<= 5 s`).
//! - GFP masks break after a `|`; any other word longer than a line is split, never cut.
//! - Typographic characters become ASCII (`<=`, `...`, `x`, `-`): [`ascii`].

pub const WIDTH: usize = 72;

/// Joins the words of a group that wrapping keeps together; printed as a space.
pub(crate) const GLUE: char = '\u{e000}';

/// Typographic characters as ASCII; other characters (a user's name for a task, say) are kept.
pub fn ascii(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let mut o = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '≤' => o.push_str("<="),
            '≥' => o.push_str(">="),
            '≠' => o.push_str("!="),
            '…' => o.push_str("..."),
            '×' => o.push('x'),
            '÷' => o.push('/'),
            '−' | '–' | '—' | '‐' | '‑' => o.push('-'),
            '·' | '•' => o.push('-'),
            '→' => o.push_str("->"),
            '←' => o.push_str("<-"),
            '“' | '”' | '„' => o.push('"'),
            '‘' | '’' => o.push('\''),
            '§' => o.push_str("sec. "),
            '\u{a0}' | '\u{2009}' | '\u{202f}' => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

/// Whether a word is a link (with or without the angle brackets of RFC 3986, appendix C).
pub fn is_url(word: &str) -> bool {
    let w = word.trim_start_matches(['<', '(']);
    w.starts_with("https://") || w.starts_with("http://")
}

/// Whether a line is nothing but one URL (after its indentation): the one kind of line allowed
/// past `WIDTH`.
pub fn is_url_line(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.contains(char::is_whitespace) && is_url(t)
}

/// Words a number keeps beside it.
const UNITS: [&str; 13] = [
    "s", "ms", "us", "ns", "%", "KiB", "MiB", "GiB", "MB", "KB", "page", "pages", "bytes",
];

fn is_number(word: &str) -> bool {
    let w = word.trim_start_matches(['(', '[']);
    !w.is_empty()
        && w.bytes().any(|b| b.is_ascii_digit())
        && w.bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
}

fn is_unit(word: &str) -> bool {
    let w = word.trim_end_matches([',', '.', ';', ':', ')', ']']);
    UNITS.contains(&w)
}

/// `[6]`: an array slot, which keeps its value beside it.
fn is_slot(word: &str) -> bool {
    word.len() > 2
        && word.starts_with('[')
        && word.ends_with(']')
        && word[1..word.len() - 1].bytes().all(|b| b.is_ascii_digit())
}

/// A comparison or an arrow, which keeps both its sides beside it (`F = 36`, `<= 5 s`).
fn is_operator(word: &str) -> bool {
    matches!(word, "<=" | ">=" | "<" | ">" | "=" | "==" | "!=" | "->")
}

/// The text's words, with the ones that belong together joined by [`GLUE`].
fn groups(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut glue_next = false;
    for (i, w) in words.iter().enumerate() {
        let joins = glue_next
            || is_operator(w)
            || (i > 0 && is_number(words[i - 1]) && is_unit(w) && !is_url(words[i - 1]));
        match out.last_mut() {
            Some(last) if joins && !is_url(w) => {
                last.push(GLUE);
                last.push_str(w);
            }
            _ => out.push(w.to_string()),
        }
        glue_next = (is_slot(w) || is_operator(w)) && !is_url(w);
    }
    out
}

/// Wraps `text` to `WIDTH` columns; the first line starts with `first`, the rest with `rest`.
pub fn wrap(text: &str, first: &str, rest: &str) -> String {
    let text = ascii(text);
    let mut out = String::new();
    let mut line = first.to_string();
    let mut fresh = true;
    let flush = |out: &mut String, line: &mut String| {
        out.push_str(line.trim_end());
        out.push('\n');
        *line = rest.to_string();
    };
    for group in groups(&text) {
        if is_url(&group) {
            // Whole, on this line if it fits, else on a line of its own.
            let fits = line.chars().count() + usize::from(!fresh) + group.chars().count() <= WIDTH;
            if !fresh && !fits {
                flush(&mut out, &mut line);
                fresh = true;
            }
            if !fresh {
                line.push(' ');
            }
            line.push_str(&group);
            fresh = false;
            if line.chars().count() > WIDTH {
                flush(&mut out, &mut line);
                fresh = true;
            }
            continue;
        }
        // A group too long for any line falls apart into its words.
        let room = WIDTH.saturating_sub(rest.chars().count());
        let units: Vec<String> = if group.chars().count() > room {
            group.split(GLUE).map(str::to_string).collect()
        } else {
            vec![group]
        };
        for word in units {
            let mut pieces: Vec<String> = word.split_inclusive('|').map(str::to_string).collect();
            let mut glued = false;
            while let Some(piece) = pieces.first().cloned() {
                let sep = usize::from(!fresh && !glued);
                let len = line.chars().count() + sep + piece.chars().count();
                if len <= WIDTH {
                    if sep == 1 {
                        line.push(' ');
                    }
                    line.push_str(&piece);
                    pieces.remove(0);
                    fresh = false;
                    glued = true;
                    continue;
                }
                if !fresh {
                    flush(&mut out, &mut line);
                    fresh = true;
                    glued = false;
                    continue;
                }
                // Alone on a line and still too long: split it.
                let room = WIDTH.saturating_sub(line.chars().count()).max(1);
                let head: String = piece.chars().take(room).collect();
                let tail: String = piece.chars().skip(room).collect();
                line.push_str(&head);
                flush(&mut out, &mut line);
                pieces[0] = tail;
                glued = false;
            }
        }
    }
    if !(fresh && line == rest && !out.is_empty()) {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.replace(GLUE, " ")
}

/// A URL on a line of its own, indented by `indent` when that still fits in `WIDTH`.
pub fn url_line(indent: &str, url: &str) -> String {
    if indent.len() + url.chars().count() <= WIDTH {
        format!("{indent}{url}\n")
    } else {
        format!("{url}\n")
    }
}

/// Whether every line of `text` keeps the rules: ASCII, at most `WIDTH` columns unless it is a
/// lone URL, no trailing spaces or tabs. The offending line, if any.
pub fn check(text: &str) -> Result<(), String> {
    for line in text.lines() {
        if !line.is_ascii() {
            return Err(format!("not ASCII: {line}"));
        }
        if line.len() > WIDTH && !is_url_line(line) {
            return Err(format!("{} columns: {line}", line.len()));
        }
        if line.ends_with(' ') || line.contains('\t') {
            return Err(format!("trailing space or tab: {line:?}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_never_exceeds_the_width_and_loses_nothing() {
        let long = "word ".repeat(50)
            + &"x".repeat(100)
            + " GFP_NOIO|NORETRY|NOMEMALLOC|NOWARN|HIGHMEM|KSWAPD_RECLAIM|DIRECT_RECLAIM end";
        let wrapped = wrap(&long, "  12 ", "     ");
        for line in wrapped.lines() {
            assert!(line.chars().count() <= WIDTH, "{line}");
        }
        let squashed: String = wrapped.split_whitespace().collect();
        let original: String = format!("12 {long}").split_whitespace().collect();
        assert_eq!(squashed, original);
    }

    #[test]
    fn a_url_is_never_split_and_a_long_one_stands_alone() {
        let url = format!(
            "https://example.org/tools/bulkpool/?v=1&m=3&s=s8&o={}",
            "a:1,".repeat(20)
        );
        let text = format!(
            "{} see {url} and then more words after it",
            "word ".repeat(12)
        );
        let wrapped = wrap(&text, "", "  ");
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines.iter().any(|l| l.trim() == url), "{wrapped}");
        for l in &lines {
            assert!(l.len() <= WIDTH || is_url_line(l), "{l}");
        }
        // A short one stays in the running text.
        let short = wrap("open https://lore.kernel.org/r/x@y for it", "", "");
        assert_eq!(short, "open https://lore.kernel.org/r/x@y for it\n");
    }

    #[test]
    fn slots_numbers_and_comparisons_keep_their_partners() {
        for (text, pair) in [
            ("[6] 997", "[6] 997"),
            ("sleep <= 5 s;", "<= 5 s;"),
            ("until t = 5000 ms", "t = 5000 ms"),
            ("C = 31, F = 36 (the", "F = 36"),
            ("holding 4 pages.", "4 pages."),
        ] {
            for pad in 0..80 {
                let t = format!("{} {text}", "x".repeat(pad));
                let w = wrap(&t, "", "");
                assert!(w.contains(pair), "{pad}: {w}");
            }
        }
    }

    #[test]
    fn typography_becomes_ascii() {
        assert_eq!(ascii("a ≤ b … 4×2 − 1 — x"), "a <= b ... 4x2 - 1 - x");
        assert_eq!(wrap("sleep ≤ 5 s", "", ""), "sleep <= 5 s\n");
    }
}
