//! An article as read: its running text (the body of an HTML page, not
//! its navigation, scripts or footer; Markdown with link targets blanked
//! so lines and columns stay the file's), its date and where the date
//! came from.
//!
//! ```
//! use dealcalc::scan::{Article, DateFrom};
//! let html = r#"<html><head><meta property="article:published_time" content="2025-06-13T08:00:00Z"></head>
//! <body><nav>Home</nav><article><p>Meta pays $14.3 billion.</p></article><footer>© 2025</footer></body></html>"#;
//! let a = Article::read("a.html", html.as_bytes()).unwrap();
//! assert_eq!(a.text.trim(), "Meta pays $14.3 billion.");
//! assert_eq!(a.date.map(|d| d.1), Some(DateFrom::Metadata));
//! ```

use std::fmt;

use chrono::NaiveDate;
use scraper::{ElementRef, Html, Node, Selector};

use super::language::month;

/// The largest article read, in bytes: 4 MiB.
pub const MAX_ARTICLE_BYTES: usize = 4 << 20;

/// How an article was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// An HTML page.
    Html,
}

/// Where an article's date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateFrom {
    /// `--date`.
    Flag,
    /// The page's metadata: `article:published_time`, JSON-LD
    /// `datePublished`, `<time datetime>`, or Markdown front matter.
    Metadata,
    /// A dateline near the top of the text: `PARIS, 13 juin 2025`.
    Dateline,
}

impl fmt::Display for DateFrom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateFrom::Flag => "flag",
            DateFrom::Metadata => "metadata",
            DateFrom::Dateline => "dateline",
        })
    }
}

/// Why an article cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArticleError {
    /// Not UTF-8 text: the byte offset of the first bad byte.
    NotUtf8(usize),
    /// A NUL byte: a binary file.
    Binary(usize),
    /// Larger than [`MAX_ARTICLE_BYTES`].
    TooLarge(usize),
    /// An HTML page whose elements nest deeper than [`MAX_HTML_DEPTH`]:
    /// the depth found.
    TooDeep(usize),
    /// An HTML page with no text in its body.
    NoBody,
    /// Nothing but white space.
    Empty,
}

impl fmt::Display for ArticleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArticleError::NotUtf8(at) => write!(f, "is not UTF-8 text (byte {at})"),
            ArticleError::Binary(at) => write!(f, "is a binary file (a NUL byte at {at})"),
            ArticleError::TooLarge(n) => write!(
                f,
                "is {n} bytes, over the limit of {MAX_ARTICLE_BYTES} bytes for one article"
            ),
            ArticleError::TooDeep(n) => write!(
                f,
                "nests HTML elements {n} deep, past the {MAX_HTML_DEPTH} a page is read to"
            ),
            ArticleError::NoBody => f.write_str("is an HTML page with no text in its body"),
            ArticleError::Empty => f.write_str("is empty"),
        }
    }
}

impl ArticleError {
    /// What to do about it.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            ArticleError::NotUtf8(_) => {
                Some("save the article as UTF-8 text, Markdown or HTML (`iconv -t UTF-8`)")
            }
            ArticleError::Binary(_) => {
                Some("scan reads text, Markdown or HTML, not PDFs or images")
            }
            ArticleError::TooLarge(_) => Some("split it into articles"),
            ArticleError::TooDeep(_) => {
                Some("save the article's text, or its page as a browser saves it")
            }
            ArticleError::NoBody => {
                Some("save the article's page itself, not a frame or a redirect")
            }
            ArticleError::Empty => None,
        }
    }
}

/// An article's text, date and format.
#[derive(Clone, Debug)]
pub struct Article {
    /// Its name (the file, or `-`).
    pub name: String,
    /// The running text figures are read from.
    pub text: String,
    /// How it was written.
    pub format: Format,
    /// Its date, with where it came from.
    pub date: Option<(NaiveDate, DateFrom)>,
    /// The language the page declares (`<html lang="fr">`), if any.
    pub declared_lang: Option<String>,
}

impl Article {
    /// Reads an article from its bytes: HTML when it looks like a page
    /// (`<html`, `<!doctype`, `<body`, `<p>`), Markdown when the name ends
    /// `.md` or it has front matter, plain text otherwise.
    pub fn read(name: &str, bytes: &[u8]) -> Result<Article, ArticleError> {
        if bytes.len() > MAX_ARTICLE_BYTES {
            return Err(ArticleError::TooLarge(bytes.len()));
        }
        if let Some(at) = bytes.iter().position(|b| *b == 0) {
            return Err(ArticleError::Binary(at));
        }
        let text =
            std::str::from_utf8(bytes).map_err(|e| ArticleError::NotUtf8(e.valid_up_to()))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(ArticleError::Empty);
        }
        let head = text
            .get(..text.len().min(512))
            .unwrap_or(text)
            .to_lowercase();
        let lower_name = name.to_lowercase();
        let html = lower_name.ends_with(".html")
            || lower_name.ends_with(".htm")
            || ["<!doctype", "<html", "<body", "<p>", "<article"]
                .iter()
                .any(|t| head.trim_start().starts_with(t) || head.contains(&format!("\n{t}")));
        if html {
            return from_html(name, text);
        }
        let markdown = lower_name.ends_with(".md")
            || lower_name.ends_with(".markdown")
            || text.starts_with("---\n");
        if markdown {
            let (text, date) = from_markdown(text);
            return Ok(Article {
                name: name.to_owned(),
                date: date
                    .map(|d| (d, DateFrom::Metadata))
                    .or_else(|| dateline(&text).map(|d| (d, DateFrom::Dateline))),
                text,
                format: Format::Markdown,
                declared_lang: None,
            });
        }
        Ok(Article {
            name: name.to_owned(),
            date: dateline(text).map(|d| (d, DateFrom::Dateline)),
            text: text.to_owned(),
            format: Format::Text,
            declared_lang: None,
        })
    }
}

/// Elements whose text is not the article's.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "nav", "footer", "header", "aside", "form", "button", "svg",
    "template", "iframe", "select", "figure",
];

/// Elements that end a line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "br",
    "tr",
    "blockquote",
    "section",
    "article",
    "main",
    "ul",
    "ol",
    "table",
    "dd",
    "dt",
    "pre",
];

/// The deepest an HTML page's elements may nest: browsers stop building
/// the tree deeper than 512 (Chromium); a page nested deeper is no
/// article, and the parser's scope checks grow with the depth.
pub const MAX_HTML_DEPTH: usize = 1024;

/// Elements that never hold others, so never deepen the tree.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen",
];

/// How deep a page's elements nest, roughly: opening tags less closing
/// ones, void elements, comments and the insides of scripts and styles
/// not counted. Enough to refuse a page built to be deep before parsing
/// it.
fn html_depth(text: &str) -> usize {
    let bytes = text.as_bytes();
    let lower_at = |at: usize, word: &str| {
        bytes
            .get(at..at + word.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(word.as_bytes()))
    };
    let (mut depth, mut deepest, mut i) = (0_usize, 0_usize, 0_usize);
    while let Some(off) = bytes
        .get(i..)
        .and_then(|b| b.iter().position(|c| *c == b'<'))
    {
        i += off + 1;
        if lower_at(i, "!--") {
            i = text
                .get(i..)
                .and_then(|t| t.find("-->"))
                .map_or(bytes.len(), |e| i + e + 3);
            continue;
        }
        if let Some(raw) = ["script", "style"].iter().find(|w| lower_at(i, w)) {
            let close = format!("</{raw}");
            let rest = text.get(i..).unwrap_or_default().to_ascii_lowercase();
            i = rest
                .find(&close)
                .map_or(bytes.len(), |e| i + e + close.len());
            continue;
        }
        if bytes.get(i) == Some(&b'/') {
            depth = depth.saturating_sub(1);
            continue;
        }
        let name_len = bytes
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            continue;
        }
        let name = text
            .get(i..i + name_len)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let end = bytes
            .get(i..)
            .and_then(|b| b.iter().position(|c| *c == b'>'));
        let self_closing = end.is_some_and(|e| e > 0 && bytes.get(i + e - 1) == Some(&b'/'));
        if !VOID.contains(&name.as_str()) && !self_closing {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

fn from_html(name: &str, text: &str) -> Result<Article, ArticleError> {
    let depth = html_depth(text);
    if depth > MAX_HTML_DEPTH {
        return Err(ArticleError::TooDeep(depth));
    }
    let doc = Html::parse_document(text);

    let sel = |s: &str| Selector::parse(s).ok();
    let first = |s: &str| sel(s).and_then(|q| doc.select(&q).next());
    let root = first("article")
        .or_else(|| first("main"))
        .or_else(|| first("body"))
        .ok_or(ArticleError::NoBody)?;
    let mut out = String::new();
    walk(root, &mut out);
    let body: String = out
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .split("\n\n\n")
        .collect::<Vec<_>>()
        .join("\n\n");
    let body = body.trim().to_owned();
    if body.is_empty() {
        return Err(ArticleError::NoBody);
    }
    let meta = |q: &str, attr: &str| {
        sel(q)
            .and_then(|s| doc.select(&s).next())
            .and_then(|e| e.value().attr(attr))
            .and_then(iso_date)
    };
    let json_ld = sel(r#"script[type="application/ld+json"]"#).and_then(|s| {
        doc.select(&s).find_map(|e| {
            let t: String = e.text().collect();
            let at = t.find("\"datePublished\"")?;
            let rest = t.get(at + 15..)?;
            let open = rest.find('"')?;
            iso_date(rest.get(open + 1..)?)
        })
    });
    let date = meta(r#"meta[property="article:published_time"]"#, "content")
        .or(json_ld)
        .or_else(|| meta(r#"meta[name="date"]"#, "content"))
        .or_else(|| meta(r#"meta[itemprop="datePublished"]"#, "content"))
        .or_else(|| meta("time[datetime]", "datetime"))
        .map(|d| (d, DateFrom::Metadata))
        .or_else(|| dateline(&body).map(|d| (d, DateFrom::Dateline)));
    let declared_lang = first("html")
        .and_then(|h| h.value().attr("lang"))
        .map(|l| l.to_lowercase());
    Ok(Article {
        name: name.to_owned(),
        text: body,
        format: Format::Html,
        date,
        declared_lang,
    })
}

/// The text under an element, skipping what is not the article's and
/// ending a line at each block.
fn walk(element: ElementRef<'_>, out: &mut String) {
    for child in element.children() {
        match child.value() {
            Node::Text(t) => {
                let t: &str = t;
                // Runs of white space inside a block are one space.
                let mut last_space = out.ends_with([' ', '\n']);
                for c in t.chars() {
                    if c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' {
                        if !last_space {
                            out.push(' ');
                            last_space = true;
                        }
                    } else {
                        out.push(c);
                        last_space = false;
                    }
                }
            }
            Node::Element(e) => {
                let tag = e.name();
                if SKIPPED.contains(&tag) {
                    continue;
                }
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                let block = BLOCKS.contains(&tag);
                if block {
                    out.push('\n');
                }
                walk(child, out);
                if block {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
}

/// Markdown as text with the same lines and columns: front matter and
/// link targets blanked (`[Meta](https://...)` keeps `[Meta]`), and the
/// front matter's `date:`.
fn from_markdown(text: &str) -> (String, Option<NaiveDate>) {
    let mut date = None;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    if let Some(after) = text.strip_prefix("---\n")
        && let Some(end) = after.find("\n---")
    {
        let front = after.get(..end).unwrap_or_default();
        for line in front.lines() {
            if let Some(v) = line.strip_prefix("date:") {
                date = iso_date(v.trim().trim_matches('"'));
            }
        }
        let len = 4 + end + 4;
        let head = text.get(..len.min(text.len())).unwrap_or_default();
        out.extend(head.chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
        rest = text.get(len.min(text.len())..).unwrap_or_default();
    }
    // Link targets: `](` up to the closing `)`.
    let mut blank_until = None;
    for (i, c) in rest.char_indices() {
        if blank_until.is_some_and(|end| i <= end) {
            out.push(if c == '\n' { '\n' } else { ' ' });
            continue;
        }
        if c == ']'
            && rest.get(i + 1..).is_some_and(|r| r.starts_with('('))
            && let Some(close) = rest.get(i + 1..).and_then(|r| r.find(')'))
            && !rest
                .get(i + 1..i + 1 + close)
                .unwrap_or_default()
                .contains('\n')
        {
            blank_until = Some(i + 1 + close);
        }
        out.push(c);
    }
    (out, date)
}

/// `2025-06-13`, or the date at the start of `2025-06-13T08:00:00Z`.
fn iso_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok()
}

/// A date written near the top of the text: `June 13, 2025`, `13 June
/// 2025`, `13 juin 2025`, `13. Juni 2025`, `2025-06-13`. Only the first
/// 400 characters are looked at: a date further down is the date of
/// something the article tells, not of the article.
pub fn dateline(text: &str) -> Option<NaiveDate> {
    let end = text.char_indices().nth(400).map_or(text.len(), |(i, _)| i);
    let top = text.get(..end)?;
    let words: Vec<&str> = top
        .split(|c: char| {
            c.is_whitespace() || c == ',' || c == '|' || c == '—' || c == '(' || c == ')'
        })
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(d) = iso_date(w) {
            return Some(d);
        }
        let Some(m) = month(w) else { continue };
        let num = |k: Option<&&str>| -> Option<u32> {
            k?.trim_end_matches('.').trim_end_matches("er").parse().ok()
        };
        // `13 juin 2025`, `13. Juni 2025`
        if let (Some(day), Some(year)) = (
            i.checked_sub(1).and_then(|p| num(words.get(p))),
            num(words.get(i + 1)),
        ) && let Some(d) = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, m, day)
            && year >= 1990
        {
            return Some(d);
        }
        // `June 13, 2025`
        if let (Some(day), Some(year)) = (num(words.get(i + 1)), num(words.get(i + 2)))
            && year >= 1990
            && let Some(d) = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, m, day)
        {
            return Some(d);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn datelines() {
        assert_eq!(
            dateline("PARIS, 13 juin 2025 — Meta"),
            Some(date("2025-06-13"))
        );
        assert_eq!(
            dateline("June 13, 2025\nMeta pays"),
            Some(date("2025-06-13"))
        );
        assert_eq!(
            dateline("Berlin, 1. Juli 2025. Die"),
            Some(date("2025-07-01"))
        );
        assert_eq!(dateline("Published 2024-03-05"), Some(date("2024-03-05")));
        assert_eq!(dateline("Meta paid $14.3 billion in June."), None);
    }

    #[test]
    fn bad_input_says_why() {
        assert_eq!(
            Article::read("a", b"\x00\x01").unwrap_err(),
            ArticleError::Binary(0)
        );
        assert_eq!(
            Article::read("a", b"abc\xff").unwrap_err(),
            ArticleError::NotUtf8(3)
        );
        assert_eq!(
            Article::read("a", b"  \n").unwrap_err(),
            ArticleError::Empty
        );
        assert_eq!(
            Article::read("a.html", b"<html><body><script>x=1</script></body></html>").unwrap_err(),
            ArticleError::NoBody
        );
        let big = vec![b'a'; MAX_ARTICLE_BYTES + 1];
        assert!(matches!(
            Article::read("a", &big),
            Err(ArticleError::TooLarge(_))
        ));
    }

    #[test]
    fn pages_built_to_be_deep_are_refused_before_parsing() {
        let deep = format!(
            "<html><body>{}x{}</body></html>",
            "<div>".repeat(5000),
            "</div>".repeat(5000)
        );
        assert_eq!(
            Article::read("a.html", deep.as_bytes()).unwrap_err(),
            ArticleError::TooDeep(5002)
        );
        // Void elements, comments and scripts do not deepen it.
        let flat = format!(
            "<html><body><script>{}</script><!-- {} -->{}<p>$5 million</p></body></html>",
            "if (a<b) {}".repeat(3000),
            "<div>".repeat(3000),
            "<br><img src=x><meta charset=utf-8/>".repeat(2000)
        );
        assert_eq!(html_depth(&flat), 3);
        assert!(Article::read("a.html", flat.as_bytes()).is_ok());
    }

    #[test]
    fn markdown_keeps_lines_and_columns() {
        let md = "---\ndate: 2025-06-13\n---\nMeta [paid](https://x.y/z) $14.3 billion.\n";
        let a = Article::read("a.md", md.as_bytes()).unwrap();
        assert_eq!(a.text.len(), md.len());
        assert_eq!(a.date, Some((date("2025-06-13"), DateFrom::Metadata)));
        assert!(a.text.contains("Meta [paid]") && !a.text.contains("https"));
        assert_eq!(a.text.find("$14.3"), md.find("$14.3"));
    }
}
