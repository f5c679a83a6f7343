//! Packs `rates/ecb.toml` into `$OUT_DIR/ecb.bin`, which the library embeds
//! with `include_bytes!`: parsing the full TOML history takes about 150 ms,
//! reading the packed form takes nothing. The library's tests check that the
//! packed table equals the TOML one read by the library's own parser.

#[path = "src/rates/blob.rs"]
#[expect(
    dead_code,
    reason = "the build packs the blob; only the library reads it"
)]
mod blob;

use std::path::PathBuf;

use toml::de::{DeTable, DeValue};

fn main() -> Result<(), String> {
    let toml_path = PathBuf::from("rates/ecb.toml");
    println!("cargo:rerun-if-changed=rates/ecb.toml");
    println!("cargo:rerun-if-changed=src/rates/blob.rs");
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?).join("ecb.bin");
    let contents = match std::fs::read_to_string(&toml_path) {
        Ok(text) => pack(&text).map_err(|e| format!("rates/ecb.toml: {e}"))?,
        Err(_) => {
            println!("cargo:warning=rates/ecb.toml is missing: the built-in rate table is empty");
            blob::Contents {
                source: "none".into(),
                base: *b"EUR",
                ..blob::Contents::default()
            }
        }
    };
    std::fs::write(&out, blob::encode(&contents)).map_err(|e| e.to_string())
}

fn code(text: &str) -> Result<[u8; 3], String> {
    let bytes: [u8; 3] = text
        .as_bytes()
        .try_into()
        .map_err(|_| format!("`{text}` is not a three-letter code"))?;
    if bytes.iter().all(u8::is_ascii_uppercase) {
        Ok(bytes)
    } else {
        Err(format!("`{text}` is not a three-letter code"))
    }
}

fn day(text: &str) -> Result<i32, String> {
    let bad = || format!("`{text}` is not a date");
    let mut parts = text.splitn(3, '-');
    let mut next = || {
        parts
            .next()
            .and_then(|p| p.parse::<i32>().ok())
            .ok_or_else(bad)
    };
    let (y, m, d) = (next()?, next()?, next()?);
    let (m, d) = (
        u32::try_from(m).map_err(|_| bad())?,
        u32::try_from(d).map_err(|_| bad())?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(bad());
    }
    Ok(blob::days_from_ce(y, m, d))
}

fn pack(text: &str) -> Result<blob::Contents, String> {
    let doc = DeTable::parse(text).map_err(|e| e.to_string())?;
    let doc = doc.get_ref();
    let string = |key: &str| match doc.get(key).map(|v| v.get_ref()) {
        Some(DeValue::String(s)) => Ok(s.to_string()),
        _ => Err(format!("`{key}` must be a string")),
    };
    let mut c = blob::Contents {
        source: string("source")?,
        base: code(&string("base")?)?,
        ..blob::Contents::default()
    };
    if let Some(DeValue::Table(t)) = doc.get("currencies").map(|v| v.get_ref()) {
        for (k, v) in t {
            let DeValue::Table(fields) = v.get_ref() else {
                return Err(format!("currency `{}` must be a table", k.get_ref()));
            };
            let minor = match fields.get("minor_units").map(|v| v.get_ref()) {
                Some(DeValue::Integer(i)) => i.as_str().parse::<u8>().map_err(|e| e.to_string())?,
                _ => 2,
            };
            let name = match fields.get("name").map(|v| v.get_ref()) {
                Some(DeValue::String(s)) => s.to_string(),
                _ => k.get_ref().to_string(),
            };
            c.declared.push((code(k.get_ref())?, minor, name));
        }
    }
    let Some(DeValue::Table(rates)) = doc.get("rates").map(|v| v.get_ref()) else {
        return Err("no [rates] table".into());
    };
    let mut series: std::collections::BTreeMap<[u8; 3], Vec<(i32, i64, u8)>> = Default::default();
    let mut days = Vec::new();
    for (date, table) in rates {
        let d = day(date.get_ref())?;
        days.push(d);
        let DeValue::Table(table) = table.get_ref() else {
            return Err(format!("rates.{} must be a table", date.get_ref()));
        };
        for (cur, value) in table {
            let raw = match value.get_ref() {
                DeValue::String(s) => s.to_string(),
                DeValue::Float(f) => f.as_str().to_owned(),
                DeValue::Integer(i) => i.as_str().to_owned(),
                _ => {
                    return Err(format!(
                        "rates.{}.{} must be a number",
                        date.get_ref(),
                        cur.get_ref()
                    ));
                }
            };
            let (mantissa, scale) = blob::parse_plain_decimal(&raw).ok_or_else(|| {
                format!(
                    "rates.{}.{}: `{raw}` is not a plain decimal",
                    date.get_ref(),
                    cur.get_ref()
                )
            })?;
            series
                .entry(code(cur.get_ref())?)
                .or_default()
                .push((d, mantissa, scale));
        }
    }
    days.sort_unstable();
    days.dedup();
    c.first = days.first().copied().unwrap_or(0);
    c.last = days.last().copied().unwrap_or(0);
    c.date_count = u32::try_from(days.len()).map_err(|e| e.to_string())?;
    c.series = series
        .into_iter()
        .map(|(k, mut v)| {
            v.sort_unstable_by_key(|p| p.0);
            (k, v)
        })
        .collect();
    Ok(c)
}
