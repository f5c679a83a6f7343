//! A scenario's TOML read a few offers at a time.
//!
//! `toml` holds a whole file's tokens, its parse events and its document
//! tree at once: about 12 KB for each 320-byte offer, 118 MB for 10,000
//! offers, before a single figure is read. A file with many offers is cut
//! at its offers' table headers into [`Sections`]: each group of offers is
//! parsed on its own, its spans moved to where it sits in the file, and the
//! rest of the file is parsed with the groups blanked out (spaces, lines
//! kept, so every byte offset stays where it was).
//!
//! The headers are found with `toml_parser`'s lexer, so a `[` inside a
//! string or an array is never taken for one. Whatever this cannot read
//! exactly as the whole file reads, such as a group that does not parse on
//! its own, an offer whose tables are not together, or offers also written
//! outside their headers, is read whole instead: the result, and every
//! error with its position, is always the whole file's.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};
use toml_parser::lexer::TokenKind;

use super::raw::{RawFile, RawOffer, Text};

/// Offers parsed at a time.
const GROUP: usize = 128;

/// Reads a scenario file's TOML.
pub(super) fn read(text: &str) -> Result<RawFile, toml::de::Error> {
    read_in_groups(text, GROUP)
}

/// Reads the file `group` offers at a time when it has more than that.
fn read_in_groups(text: &str, group: usize) -> Result<RawFile, toml::de::Error> {
    if let Some(raw) = Sections::of(text)
        .filter(|s| s.offers.len() > group)
        .and_then(|s| s.read(text, group))
    {
        return Ok(raw);
    }
    toml::from_str(text)
}

/// Where each offer's tables are: from its `[offers.ID]` header to the
/// next header that is not one of its own (`[[offers.ID.pay]]`).
#[derive(Debug)]
struct Sections {
    offers: Vec<Range<usize>>,
}

/// What a table header opens.
enum Header<'t> {
    /// `[offers.ID]`.
    Offer(&'t str),
    /// `[offers.ID.pay]`, `[[offers.ID.pay]]` and deeper.
    OfferPart(&'t str),
    /// Anything else, `[offers]` and quoted keys included.
    Other,
}

impl Sections {
    /// The offers' sections, or none when a header cannot be told apart
    /// (an unterminated one, `[[offers.ID]]`, an offer's part away from
    /// it).
    fn of(text: &str) -> Option<Sections> {
        let mut offers: Vec<(Range<usize>, &str)> = Vec::new();
        // Whether the last header was the last offer's or one of its parts,
        // so that a part extends its section.
        let mut open = false;
        let mut tokens = toml_parser::Source::new(text).lex();
        let mut depth = 0usize;
        let mut line_start = true;
        while let Some(token) = tokens.next() {
            match token.kind() {
                TokenKind::Whitespace | TokenKind::Comment => continue,
                TokenKind::Newline => {
                    line_start = true;
                    continue;
                }
                TokenKind::Eof => break,
                TokenKind::LeftSquareBracket if line_start && depth == 0 => {
                    let start = token.span().start();
                    if let Some((last, _)) = offers.last_mut().filter(|_| open) {
                        last.end = start;
                    }
                    match header(text, &mut tokens)? {
                        Header::Offer(id) => {
                            offers.push((start..text.len(), id));
                            open = true;
                        }
                        Header::OfferPart(id) => match offers.last() {
                            Some((_, last)) if open && *last == id => {}
                            _ => return None,
                        },
                        Header::Other => open = false,
                    }
                }
                TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => depth += 1,
                TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => {
                    depth = depth.checked_sub(1)?;
                }
                _ => {}
            }
            line_start = false;
        }
        if let Some((last, _)) = offers.last_mut().filter(|_| open) {
            last.end = text.len();
        }
        Some(Sections {
            offers: offers.into_iter().map(|(r, _)| r).collect(),
        })
    }

    /// The file read group by group, or none where that would not be the
    /// whole file's reading.
    fn read(&self, text: &str, group: usize) -> Option<RawFile> {
        let mut rest = text.as_bytes().to_vec();
        for r in &self.offers {
            for b in rest.get_mut(r.clone())? {
                if *b != b'\n' {
                    *b = b' ';
                }
            }
        }
        // Each section starts at an ASCII `[` and ends at another or at
        // the end, so blanking them keeps the text UTF-8.
        let rest = String::from_utf8(rest).ok()?;
        let mut raw: RawFile = toml::from_str(&rest).ok()?;
        drop(rest);
        if !raw.offers.is_empty() {
            return None;
        }
        raw.offers.reserve_exact(self.offers.len());
        for range in self.groups(group) {
            let mut table = DeTable::parse(text.get(range.clone())?).ok()?;
            shift_table(table.get_mut(), range.start);
            let part = RawOffers::deserialize(toml::de::Deserializer::from(table)).ok()?;
            for (id, offer) in part.offers {
                if raw.offers.insert(id, offer).is_some() {
                    return None;
                }
            }
        }
        Some(raw)
    }

    /// Runs of adjacent sections, at most `group` in each.
    fn groups(&self, group: usize) -> Vec<Range<usize>> {
        let mut out: Vec<(Range<usize>, usize)> = Vec::new();
        for r in &self.offers {
            match out.last_mut() {
                Some((g, n)) if g.end == r.start && *n < group => {
                    g.end = r.end;
                    *n += 1;
                }
                _ => out.push((r.clone(), 1)),
            }
        }
        out.into_iter().map(|(g, _)| g).collect()
    }
}

/// A group of offers, and nothing else.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOffers {
    #[serde(default)]
    offers: indexmap::IndexMap<Text, Spanned<RawOffer>>,
}

/// Reads a header after its first `[`: what it opens, or none when it is
/// not written out to its `]`.
fn header<'t>(text: &'t str, tokens: &mut toml_parser::lexer::Lexer<'_>) -> Option<Header<'t>> {
    let mut keys: Vec<&str> = Vec::new();
    let mut quoted = false;
    let mut array = false;
    let mut first = true;
    loop {
        let token = tokens.next()?;
        let span = token.span();
        match token.kind() {
            TokenKind::LeftSquareBracket if first => array = true,
            TokenKind::Whitespace | TokenKind::Dot => {}
            TokenKind::Atom => keys.push(text.get(span.start()..span.end())?),
            TokenKind::BasicString | TokenKind::LiteralString => {
                quoted = true;
                keys.push("");
            }
            TokenKind::RightSquareBracket => {
                if array && tokens.next()?.kind() != TokenKind::RightSquareBracket {
                    return None;
                }
                break;
            }
            _ => return None,
        }
        first = false;
    }
    Some(match keys.as_slice() {
        ["offers", id] if !quoted && !array => Header::Offer(id),
        ["offers", _] if !quoted => return None,
        ["offers", id, _, ..] if !quoted => Header::OfferPart(id),
        _ => Header::Other,
    })
}

/// Moves every span in the table `by` bytes on.
fn shift_table(table: &mut DeTable<'_>, by: usize) {
    for (key, mut value) in std::mem::take(table) {
        shift_value(value.get_mut(), by);
        table.insert(shifted(key, by), shifted(value, by));
    }
}

fn shift_value(value: &mut DeValue<'_>, by: usize) {
    match value {
        DeValue::Table(t) => shift_table(t, by),
        DeValue::Array(items) => {
            for item in items.iter_mut() {
                shift_value(item.get_mut(), by);
                let taken = std::mem::replace(item, Spanned::new(0..0, DeValue::Boolean(false)));
                *item = shifted(taken, by);
            }
        }
        _ => {}
    }
}

fn shifted<T>(s: Spanned<T>, by: usize) -> Spanned<T> {
    let span = s.span();
    Spanned::new(span.start + by..span.end + by, s.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reading in groups of two, and the whole file's, in full: every
    /// value and every span.
    fn same(text: &str) -> String {
        let whole = format!("{:?}", toml::from_str::<RawFile>(text));
        let grouped = format!("{:?}", read_in_groups(text, 2));
        assert_eq!(grouped, whole, "{text}");
        whole
    }

    /// As [`same`], for a file read in groups (not whole), and read.
    fn in_groups(text: &str) -> String {
        let sections = Sections::of(text).expect("sections");
        assert!(sections.read(text, 2).is_some(), "{text}");
        let out = same(text);
        assert!(out.starts_with("Ok("), "{out}");
        out
    }

    fn offer(id: &str, salary: u32) -> String {
        format!(
            "[offers.{id}]\nstart = 2025-01-01 # a comment\n[[offers.{id}.pay]]\nkind = \"salary\"\namount = \"${salary}k\"\n\n"
        )
    }

    fn offers(n: u32) -> String {
        named("o", n)
    }

    fn named(prefix: &str, n: u32) -> String {
        (0..n)
            .map(|i| offer(&format!("{prefix}{i}"), 100 + i))
            .collect()
    }

    #[test]
    fn groups_read_as_the_whole_file() {
        let head = "title = \"t\"\nas_of = 2025-07-01\n\n";
        let tail = "[deals.d]\nstake = \"49%\"\nprice = \"$14 billion\"\n\n[[claims]]\nof = \"deals.d.post_money\"\nsays = \"$29 billion\"\n";
        let text = format!("{head}{}{tail}", offers(7));
        let sections = Sections::of(&text).unwrap();
        assert_eq!(sections.offers.len(), 7);
        assert_eq!(sections.groups(2).len(), 4);
        let out = in_groups(&text);
        assert!(out.contains("\"o6\"") && out.contains("$106k"), "{out}");
        // Offers on both sides of other tables, with CRLF and non-ASCII.
        let text = format!(
            "{}[deals.d]\nstake = \"49 %\" # « un tiers »\n{}",
            offers(3),
            named("p", 4)
        )
        .replace('\n', "\r\n");
        in_groups(&text);
        // An offer's parts (scenarios, a later `pay`) after its own header.
        let text = format!(
            "{}[offers.x.price_scenarios]\nlow = \"$10\"\n[[offers.x.pay]]\nkind = \"bonus\"\namount = \"$1\"\n{}",
            offer("x", 1),
            offers(3)
        );
        in_groups(&text);
    }

    /// Every scenario the project ships, one offer at a time.
    #[test]
    fn scenarios_read_as_whole_files() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut grouped = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                let text = std::fs::read_to_string(&path).unwrap();
                let whole = format!("{:?}", toml::from_str::<RawFile>(&text));
                assert_eq!(format!("{:?}", read_in_groups(&text, 1)), whole);
                grouped +=
                    usize::from(Sections::of(&text).is_some_and(|s| s.read(&text, 1).is_some()));
            }
        }
        assert!(grouped >= 5, "{grouped} files read in groups");
    }

    #[test]
    fn what_groups_cannot_read_is_read_whole() {
        let text = offers(4);
        // A header inside a multi-line string is text, not a header.
        let hidden = format!("title = \"\"\"\n[offers.z]\n\"\"\"\n{text}");
        let s = Sections::of(&hidden).unwrap();
        assert_eq!(s.offers.len(), 4);
        in_groups(&hidden);
        // A header inside a multi-line array is an array.
        let array = format!("x = [\n[\"EUR\"]\n]\n{text}");
        assert_eq!(Sections::of(&array).unwrap().offers.len(), 4);
        same(&array);
        // An offer's part away from it: read whole.
        let away =
            format!("{text}[deals.d]\nstake = \"1%\"\n[offers.o1.price_scenarios]\nlow = \"$1\"\n");
        assert!(Sections::of(&away).is_none());
        same(&away);
        // The same offer twice, in two groups and in one: the whole
        // file's error, at its place.
        let twice = format!("{text}{}", offer("o0", 5));
        let err = same(&twice);
        assert!(err.contains("duplicate"), "{err}");
        same(&format!("{}{}", offer("a", 1), offer("a", 2)));
        // Offers also written as keys, quoted or dotted.
        same(&format!("offers.q.start = 2025-01-01\n{text}"));
        same(&format!("{text}[\"offers\".r]\nstart = 2025-01-01\n"));
        in_groups(&format!("{text}[offers]\n"));
        same(&format!("{text}[offers]\ns = {{ start = 2025-01-01 }}\n"));
        // Broken files: the whole file's error.
        same(&format!("{text}[offers.bad\n"));
        same(&format!("{text}[[offers.o9]]\n"));
        same(&format!("{}\n[offers.t]\nstart = \"\"\"\n", offers(3)));
        same(&format!("{text}[offers.u]\nunknown = 1\n"));
        same(&format!("{text}]\n"));
    }

    /// Pieces of scenario TOML that meet at headers: mostly offers, some
    /// with their parts after them, among other tables and comments; now
    /// and then what groups cannot read (a part away from its offer, the
    /// offers table written out, a quoted key, an id used twice) and
    /// strings that hold a header's text.
    fn piece() -> impl Strategy<Value = String> {
        let id = (0u32..60).prop_map(|i| format!("i{i}"));
        prop_oneof![
            8 => (id.clone(), 1u32..900, 0usize..3).prop_map(|(id, k, parts)| {
                let mut s = offer(&id, k);
                if parts > 0 {
                    s.push_str(&format!("[offers.{id}.price_scenarios]\nlow = \"$1\"\n"));
                }
                if parts > 1 {
                    s.push_str(&format!("[[offers.{id}.pay]]\nkind = \"bonus\"\namount = \"$1\"\n"));
                }
                s
            }),
            2 => id.clone().prop_map(|id| format!("[ offers . {id} ]\nstart = 2025-01-01 # [offers.x]\n")),
            2 => id.clone().prop_map(|id| format!("[deals.{id}]\nstake = \"1%\"\nprice = \"$1\"\n")),
            2 => id.clone().prop_map(|id| format!("[[claims]]\nof = \"deals.{id}.post_money\"\nsays = '''\n[offers.{id}]\n'''\n")),
            2 => Just("# [offers.z]\n\n".to_owned()),
            1 => id.clone().prop_map(|id| format!("[[offers.{id}.pay]]\nkind = \"bonus\"\namount = \"$1\"\n")),
            1 => id.clone().prop_map(|id| format!("[offers]\n{id}.start = 2025-01-01\n")),
            1 => id.prop_map(|id| format!("[\"offers\".{id}]\nstart = 2025-01-01\n")),
            1 => Just("[offers.i0]\nstart = 2025-01-01\n".to_owned()),
        ]
    }

    /// What may open a file, before its first table.
    fn head() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("title = \"t\"\nalso_in = [\n  \"EUR\",\n]\n".to_owned()),
            Just("source = \"\"\"\n[offers.q]\n\"\"\"\r\n".to_owned()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Any file of such pieces reads the same in groups of one, two or
        /// three offers as whole: the same values and spans, or the same
        /// error at the same place.
        #[test]
        fn any_file_reads_in_groups_as_whole(
            head in head(),
            pieces in proptest::collection::vec(piece(), 0..12),
            group in 1usize..4,
        ) {
            let text = head + &pieces.concat();
            let whole = format!("{:?}", toml::from_str::<RawFile>(&text));
            prop_assert_eq!(format!("{:?}", read_in_groups(&text, group)), whole);
        }
    }
}
