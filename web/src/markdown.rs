//! A small Markdown reader for the project's own documents (docs/MODEL.md) shown in the help:
//! headings, paragraphs (hard-wrapped lines joined), nested bullet and numbered lists, pipe
//! tables, fenced code, and inline code, bold, emphasis, links and bare https:// addresses.
//! Pure (tested natively); `components::doc` turns the blocks into elements, never into markup
//! from the text, so a document cannot inject HTML. Links go only to http(s) addresses or to
//! relative paths.

#[derive(Clone, Debug, PartialEq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(Vec<Inline>),
    Em(Vec<Inline>),
    Link { text: Vec<Inline>, href: String },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// Level (1–6), text, and an id made from the text for links within the page.
    Heading(u8, Vec<Inline>, String),
    Para(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Item>,
    },
    Table {
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Code(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub text: Vec<Inline>,
    pub children: Vec<Block>,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// A list marker at the start of `line`: (ordered, where the item's text starts).
fn marker(line: &str) -> Option<(bool, usize)> {
    let t = line.trim_start();
    let lead = indent(line);
    if t.starts_with("- ") || t.starts_with("* ") {
        return Some((false, lead + 2));
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && t[digits..].starts_with(". ")).then_some((true, lead + digits + 2))
}

/// `## A title` → "a-title"
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn plain(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t) | Inline::Code(t) => t.clone(),
            Inline::Strong(v) | Inline::Em(v) | Inline::Link { text: v, .. } => plain(v),
        })
        .collect()
}

fn cells(line: &str) -> Vec<Vec<Inline>> {
    let t = line.trim().trim_start_matches('|').trim_end_matches('|');
    t.split('|').map(|c| inline(c.trim())).collect()
}

fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Reads a document.
pub fn parse(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    blocks(&lines, 0)
}

/// The blocks of `lines`, whose text starts at column `base`.
fn blocks(lines: &[&str], base: usize) -> Vec<Block> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        if t.is_empty() {
            i += 1;
        } else if t.starts_with("```") {
            let mut code = Vec::new();
            i += 1;
            while i < lines.len() && !lines[i].trim().starts_with("```") {
                code.push(lines[i].get(base.min(indent(lines[i]))..).unwrap_or(""));
                i += 1;
            }
            out.push(Block::Code(code.join("\n")));
            i += 1;
        } else if t.starts_with('#') {
            let level = t.chars().take_while(|c| *c == '#').count().min(6) as u8;
            let text = inline(t.trim_start_matches('#').trim());
            let id = slug(&plain(&text));
            out.push(Block::Heading(level, text, id));
            i += 1;
        } else if t.starts_with('|') {
            let mut rows: Vec<Vec<Vec<Inline>>> = Vec::new();
            let mut head = Vec::new();
            while i < lines.len() && lines[i].trim().starts_with('|') {
                if is_rule(lines[i]) {
                    head = rows.pop().unwrap_or_default();
                } else {
                    rows.push(cells(lines[i]));
                }
                i += 1;
            }
            out.push(Block::Table { head, rows });
        } else if let Some((ordered, _)) = marker(line) {
            let at = indent(line);
            let mut items = Vec::new();
            while i < lines.len() {
                // Blank lines between two items of the list.
                let next = (i..lines.len()).find(|&j| !lines[j].trim().is_empty());
                if let Some(j) = next.filter(|&j| j > i) {
                    if marker(lines[j]).is_some_and(|(o, _)| o == ordered) && indent(lines[j]) == at
                    {
                        i = j;
                    }
                }
                match marker(lines[i]) {
                    Some((o, start)) if indent(lines[i]) == at && o == ordered => {
                        // The item: its first line, then every line indented past the marker
                        // (or blank between such lines).
                        let mut body = vec![&lines[i][start..]];
                        i += 1;
                        while i < lines.len() {
                            let l = lines[i];
                            let next_in = |j: usize| {
                                lines
                                    .get(j)
                                    .is_some_and(|n| indent(n) > at && !n.trim().is_empty())
                            };
                            if l.trim().is_empty() && next_in(i + 1)
                                || !l.trim().is_empty() && indent(l) > at
                            {
                                body.push(l);
                                i += 1;
                            } else {
                                break;
                            }
                        }
                        items.push(item(&body, start));
                    }
                    _ => break,
                }
            }
            out.push(Block::List { ordered, items });
        } else {
            let mut para = vec![t];
            i += 1;
            while i < lines.len() {
                let l = lines[i];
                let lt = l.trim();
                if lt.is_empty()
                    || lt.starts_with('#')
                    || lt.starts_with('|')
                    || lt.starts_with("```")
                    || marker(l).is_some()
                {
                    break;
                }
                para.push(lt);
                i += 1;
            }
            out.push(Block::Para(inline(&para.join(" "))));
        }
    }
    out
}

/// A list item from its lines (the first without its marker): its text up to a nested block,
/// then the nested blocks.
fn item(body: &[&str], start: usize) -> Item {
    let mut text = vec![body[0].trim()];
    let mut k = 1;
    while k < body.len()
        && !body[k].trim().is_empty()
        && marker(body[k]).is_none()
        && !body[k].trim().starts_with('|')
    {
        text.push(body[k].trim());
        k += 1;
    }
    Item {
        text: inline(&text.join(" ")),
        children: blocks(&body[k..], start),
    }
}

/// Whether a link target may be followed: an http(s) address or a relative path.
fn safe_href(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || (!lower.contains(':') && !lower.starts_with("//"))
}

/// Inline markup of one paragraph's text.
pub fn inline(s: &str) -> Vec<Inline> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    let flush = |text: &mut String, out: &mut Vec<Inline>| {
        if !text.is_empty() {
            out.push(Inline::Text(std::mem::take(text)));
        }
    };
    let find =
        |from: usize, pat: &[char]| (from..chars.len()).find(|&j| chars[j..].starts_with(pat));
    while i < chars.len() {
        let rest: String = chars[i..].iter().collect();
        if chars[i] == '`' {
            if let Some(end) = find(i + 1, &['`']) {
                flush(&mut text, &mut out);
                out.push(Inline::Code(chars[i + 1..end].iter().collect()));
                i = end + 1;
                continue;
            }
        } else if rest.starts_with("**") {
            if let Some(end) = find(i + 2, &['*', '*']) {
                flush(&mut text, &mut out);
                out.push(Inline::Strong(inline(
                    &chars[i + 2..end].iter().collect::<String>(),
                )));
                i = end + 2;
                continue;
            }
        } else if chars[i] == '*' && chars.get(i + 1).is_some_and(|c| !c.is_whitespace()) {
            if let Some(end) = find(i + 1, &['*']) {
                flush(&mut text, &mut out);
                out.push(Inline::Em(inline(
                    &chars[i + 1..end].iter().collect::<String>(),
                )));
                i = end + 1;
                continue;
            }
        } else if chars[i] == '[' {
            if let Some(close) = find(i + 1, &[']', '(']) {
                if let Some(end) = find(close + 2, &[')']) {
                    let href: String = chars[close + 2..end].iter().collect();
                    if safe_href(&href) {
                        flush(&mut text, &mut out);
                        let label: String = chars[i + 1..close].iter().collect();
                        out.push(Inline::Link {
                            text: inline(&label),
                            href,
                        });
                        i = end + 1;
                        continue;
                    }
                }
            }
        } else if rest.starts_with("https://") || rest.starts_with("http://") {
            let len = chars[i..]
                .iter()
                .take_while(|c| !c.is_whitespace() && !matches!(c, ')' | '>' | '"' | '`'))
                .count();
            let mut url: String = chars[i..i + len].iter().collect();
            // A sentence's punctuation is not part of the address.
            while url.ends_with(['.', ',', ';', ':']) {
                url.pop();
            }
            let n = url.chars().count();
            flush(&mut text, &mut out);
            out.push(Inline::Link {
                text: vec![Inline::Text(url.clone())],
                href: url,
            });
            i += n;
            continue;
        }
        text.push(chars[i]);
        i += 1;
    }
    flush(&mut text, &mut out);
    out
}

#[cfg(test)]
mod tests;
