//! What a printed figure says beyond one number, in words: a range (`$29-30
//! billion`, `between 1 and 1.5 billion dollars`, `entre 6,7 % et 8,1 %`,
//! `de 1 à 1,5 milliard`), split into its two ends with the units written
//! once shared, and a multiple (`10x`, `ten times`, `dix fois`).
//!
//! ```
//! use dealcalc::claim::printed::{multiple, split_range};
//! assert_eq!(
//!     split_range("$29-30 billion"),
//!     Some(("$29 billion".to_owned(), "$30 billion".to_owned()))
//! );
//! assert_eq!(multiple("dix fois").as_deref(), Some("dix"));
//! ```

/// A printed range split in two: `$29-30 billion` is `$29 billion` and
/// `$30 billion`; `between 1 and 1.5 billion dollars`, `entre 6,7 % et
/// 8,1 %`, `de 1 à 1,5 milliard`. The units written once are shared.
pub fn split_range(text: &str) -> Option<(String, String)> {
    let lower = text.to_lowercase();
    let trimmed = lower.trim_start();
    let lead = [
        "between ",
        "entre ",
        "from ",
        "de ",
        "zwischen ",
        "tra ",
        "fra ",
    ]
    .iter()
    .find(|w| trimmed.starts_with(*w))
    .map(|w| w.len() + (lower.len() - trimmed.len()));
    let body = text.get(lead.unwrap_or(0)..)?;
    let (left, right) = if lead.is_some() {
        [" and ", " et ", " to ", " à ", " und ", " y ", " e ", " a "]
            .iter()
            .find_map(|sep| {
                let i = body.to_lowercase().find(sep)?;
                Some((body.get(..i)?, body.get(i + sep.len()..)?))
            })?
    } else {
        // `29-30`, `29–30`, `29 to 30`: a dash between digits.
        let bytes: Vec<(usize, char)> = body.char_indices().collect();
        let dash = bytes.iter().enumerate().find_map(|(k, &(i, c))| {
            let digit_before = k
                .checked_sub(1)
                .and_then(|j| bytes.get(j))
                .is_some_and(|p| p.1.is_ascii_digit());
            let digit_after = bytes.get(k + 1).is_some_and(|p| p.1.is_ascii_digit());
            ((c == '-' || c == '–') && digit_before && digit_after).then_some((i, c.len_utf8()))
        })?;
        (body.get(..dash.0)?, body.get(dash.0 + dash.1..)?)
    };
    // The units around each number.
    let parts = |t: &str| -> Option<(String, String, String)> {
        let start = t.find(|c: char| c.is_ascii_digit())?;
        let end = t
            .get(start..)?
            .find(|c: char| !(c.is_ascii_digit() || ",. \u{a0}\u{202f}'".contains(c)))
            .map_or(t.len(), |e| start + e);
        let number = t.get(start..end)?.trim_end();
        let number_end = start + number.len();
        Some((
            t.get(..start)?.to_owned(),
            number.to_owned(),
            t.get(number_end..)?.to_owned(),
        ))
    };
    let (lp, ln, ls) = parts(left)?;
    let (rp, rn, rs) = parts(right)?;
    let prefix = if lp.trim().is_empty() {
        rp.clone()
    } else {
        lp.clone()
    };
    let left_suffix = if ls.trim().is_empty() { rs.clone() } else { ls };
    let right_prefix = if rp.trim().is_empty() { lp } else { rp };
    Some((
        format!("{prefix}{ln}{left_suffix}"),
        format!("{right_prefix}{rn}{rs}"),
    ))
}

/// A multiple: `10x`, `10 ×`, `ten times`, `dix fois`, `10-fold`: the
/// number, as a fraction (a ratio of 10 is 10).
pub fn multiple(text: &str) -> Option<String> {
    let t = text.trim();
    let lower = t.to_lowercase();
    for suffix in [" times", " fois", "-fold", " fach", "x", "×", " x", " ×"] {
        if let Some(n) = lower.strip_suffix(suffix)
            && !n.trim().is_empty()
            && n.trim().chars().last().is_some_and(|c| c.is_alphanumeric())
        {
            return t.get(..n.len()).map(str::to_owned);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ends(text: &str) -> (String, String) {
        split_range(text).unwrap()
    }

    /// Units written once, before or after, reach both ends.
    #[test]
    fn ranges_share_their_units() {
        assert_eq!(
            ends("between 1 and 1.5 billion dollars"),
            ("1 billion dollars".into(), "1.5 billion dollars".into())
        );
        assert_eq!(
            ends("entre 6,7 % et 8,1 %"),
            ("6,7 %".into(), "8,1 %".into())
        );
        assert_eq!(
            ends("de 1 à 1,5 milliard"),
            ("1 milliard".into(), "1,5 milliard".into())
        );
        assert_eq!(
            ends("$29–30 billion"),
            ("$29 billion".into(), "$30 billion".into())
        );
        // A hyphen not between digits is no range.
        assert_eq!(split_range("deals.meta-scale.price"), None);
        assert_eq!(split_range("$29 billion"), None);
    }

    #[test]
    fn multiples() {
        assert_eq!(multiple("10x").as_deref(), Some("10"));
        assert_eq!(multiple("ten times").as_deref(), Some("ten"));
        assert_eq!(multiple("3-fold").as_deref(), Some("3"));
        assert_eq!(multiple("10 ×").as_deref().map(str::trim), Some("10"));
        assert_eq!(multiple("$10"), None);
    }
}
