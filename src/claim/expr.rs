//! A claim's subject as an expression: operands (figure paths, amounts)
//! with `+ - * /` and parentheses, read into a tree once ([`Expr::parse`])
//! and then computed ([`Expr::eval`]) with whatever gives each operand its
//! figure. `2 + 3 * 4` is 14; `(deals.b.post_money - deals.a.post_money) /
//! deals.a.post_money` is a growth rate. A `-` is an operator only with a
//! space or a parenthesis on both sides, since ids and amounts hold
//! hyphens (`deals.meta-scale.price`).
//!
//! ```
//! use dealcalc::claim::{Expr, Figure};
//! use rust_decimal::Decimal;
//! let e = Expr::parse("2 + 3 * 4").unwrap();
//! let value = e
//!     .eval("2 + 3 * 4", &mut |text: &str, _| {
//!         Ok::<_, ()>(Figure::Count(text.parse::<Decimal>().unwrap()))
//!     })
//!     .unwrap();
//! assert_eq!(value, Figure::Count(Decimal::new(14, 0)));
//! ```

use std::fmt;
use std::ops::Range;

use super::Figure;
use crate::limits::{Exceeded, Limit};
use crate::money::Money;

/// An operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

impl Op {
    fn of(c: char) -> Option<Op> {
        Some(match c {
            '+' => Op::Add,
            '-' => Op::Sub,
            '*' => Op::Mul,
            '/' => Op::Div,
            _ => return None,
        })
    }
}

/// A subject read: one operand (its byte range in the text), or two
/// joined by an operator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// A figure path or an amount, as written.
    Operand(Range<usize>),
    /// `left op right`.
    Binary(Box<Expr>, Op, Box<Expr>),
}

/// Why a subject is not an expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExprError {
    /// Operators or parentheses without their operands: at the first piece
    /// left over, or the whole text.
    Incomplete {
        /// Where.
        span: Range<usize>,
    },
    /// Parentheses nested past the limit.
    TooDeep(Exceeded),
}

/// Why two figures cannot be combined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arith {
    /// Money in two currencies added or subtracted.
    Currencies(String, String),
    /// Money in two currencies divided.
    DivideCurrencies(String, String),
    /// Money times money.
    MoneyTimesMoney,
    /// A number added to money.
    NumberAndMoney,
    /// A division by zero.
    DivideByZero,
    /// A result past 28 digits.
    TooLarge,
}

impl fmt::Display for Arith {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arith::Currencies(a, b) => {
                write!(f, "cannot add or subtract {a} and {b}: convert one first")
            }
            Arith::DivideCurrencies(a, b) => write!(f, "cannot divide {a} by {b}"),
            Arith::MoneyTimesMoney => f.write_str("cannot multiply money by money"),
            Arith::NumberAndMoney => f.write_str("cannot add a number to money"),
            Arith::DivideByZero => f.write_str("the expression divides by zero"),
            Arith::TooLarge => f.write_str("the expression exceeds 28 digits"),
        }
    }
}

/// What gives an operand its figure, from its text and span.
pub type Operand<'a, E> = dyn FnMut(&str, Range<usize>) -> Result<Figure, E> + 'a;

/// Why an expression could not be computed: an operand's own error, or
/// arithmetic on the figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvalError<E> {
    /// An operand could not be read.
    Operand(E),
    /// The figures do not combine.
    Arith(Arith),
}

/// A token: an operand (byte range) or an operator or parenthesis.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Operand(Range<usize>),
    Op(char),
}

/// Splits a subject into operands and `+ - * / ( )`.
fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let close = |start: &mut Option<usize>, end: usize, out: &mut Vec<Piece>| {
        if let Some(s) = start.take() {
            let raw = text.get(s..end).unwrap_or_default();
            let trimmed_start = s + (raw.len() - raw.trim_start().len());
            let trimmed_end = s + raw.trim_end().len();
            if trimmed_end > trimmed_start {
                out.push(Piece::Operand(trimmed_start..trimmed_end));
            }
        }
    };
    for (k, &(i, c)) in chars.iter().enumerate() {
        let before = k.checked_sub(1).and_then(|j| chars.get(j)).map(|p| p.1);
        let after = chars.get(k + 1).map(|p| p.1);
        let spaced =
            |ch: Option<char>, paren: char| ch.is_none_or(|ch| ch.is_whitespace() || ch == paren);
        let op = match c {
            '+' | '*' | '/' | '(' | ')' => true,
            '-' => spaced(before, ')') && spaced(after, '(') && start.is_some_and(|_| true),
            _ => false,
        };
        if op {
            close(&mut start, i, &mut out);
            out.push(Piece::Op(c));
        } else if start.is_none() && !c.is_whitespace() {
            start = Some(i);
        }
    }
    close(&mut start, text.len(), &mut out);
    out
}

/// Reads a token list: `expr := term (('+' | '-') term)*`, `term :=
/// factor (('*' | '/') factor)*`, `factor := '(' expr ')' | operand`.
struct Reader<'a> {
    list: &'a [Piece],
    pos: usize,
    depth: u64,
    whole: Range<usize>,
}

impl Reader<'_> {
    fn binary(&mut self, level: usize) -> Result<Expr, ExprError> {
        const LEVELS: [[char; 2]; 2] = [['+', '-'], ['*', '/']];
        let Some(ops) = LEVELS.get(level) else {
            return self.factor();
        };
        let mut value = self.binary(level + 1)?;
        while let Some(Piece::Op(c)) = self.list.get(self.pos)
            && ops.contains(c)
        {
            let op = Op::of(*c).ok_or(ExprError::Incomplete {
                span: self.whole.clone(),
            })?;
            self.pos += 1;
            let right = self.binary(level + 1)?;
            value = Expr::Binary(Box::new(value), op, Box::new(right));
        }
        Ok(value)
    }

    fn factor(&mut self) -> Result<Expr, ExprError> {
        let whole = self.whole.clone();
        let incomplete = || ExprError::Incomplete {
            span: whole.clone(),
        };
        match self.list.get(self.pos) {
            Some(Piece::Op('(')) => {
                self.depth += 1;
                Limit::ExpressionDepth
                    .check(self.depth)
                    .map_err(ExprError::TooDeep)?;
                self.pos += 1;
                let v = self.binary(0)?;
                if self.list.get(self.pos) != Some(&Piece::Op(')')) {
                    return Err(incomplete());
                }
                self.pos += 1;
                self.depth -= 1;
                Ok(v)
            }
            Some(Piece::Operand(r)) => {
                self.pos += 1;
                Ok(Expr::Operand(r.clone()))
            }
            _ => Err(incomplete()),
        }
    }
}

impl Expr {
    /// Reads a subject; spans are byte ranges into `text`.
    pub fn parse(text: &str) -> Result<Expr, ExprError> {
        let list = pieces(text);
        let mut reader = Reader {
            list: &list,
            pos: 0,
            depth: 0,
            whole: 0..text.len(),
        };
        let expr = reader.binary(0)?;
        if let Some(extra) = list.get(reader.pos) {
            return Err(ExprError::Incomplete {
                span: match extra {
                    Piece::Operand(r) => r.clone(),
                    Piece::Op(_) => 0..text.len(),
                },
            });
        }
        Ok(expr)
    }

    /// The one operand, if the subject is no more than that.
    pub fn single(&self) -> Option<Range<usize>> {
        match self {
            Expr::Operand(r) => Some(r.clone()),
            Expr::Binary(..) => None,
        }
    }

    /// Computes the expression over `text` (the text it was read from),
    /// each operand's figure given by `operand` from its text and span.
    pub fn eval<E>(
        &self,
        text: &str,
        operand: &mut Operand<'_, E>,
    ) -> Result<Figure, EvalError<E>> {
        match self {
            Expr::Operand(r) => operand(text.get(r.clone()).unwrap_or_default(), r.clone())
                .map_err(EvalError::Operand),
            Expr::Binary(a, op, b) => {
                let left = a.eval(text, operand)?;
                let right = b.eval(text, operand)?;
                combine(left, *op, right).map_err(EvalError::Arith)
            }
        }
    }
}

/// Arithmetic on figures: money with money of the same currency, money
/// times or over a number, money over money (a ratio: a fraction).
pub fn combine(a: Figure, op: Op, b: Figure) -> Result<Figure, Arith> {
    use Figure::{Count, Fraction, Money as M};
    let num = |f: Figure| match f {
        Count(v) | Fraction(v) => Some(v),
        M(_) => None,
    };
    match (a, op, b) {
        (M(x), Op::Add | Op::Sub, M(y)) => {
            if x.currency != y.currency {
                return Err(Arith::Currencies(
                    x.currency.to_string(),
                    y.currency.to_string(),
                ));
            }
            let v = if op == Op::Add {
                x.amount.checked_add(y.amount)
            } else {
                x.amount.checked_sub(y.amount)
            };
            Ok(M(Money::new(v.ok_or(Arith::TooLarge)?, x.currency)))
        }
        (M(x), Op::Div, M(y)) => {
            if x.currency != y.currency {
                return Err(Arith::DivideCurrencies(
                    x.currency.to_string(),
                    y.currency.to_string(),
                ));
            }
            if y.amount.is_zero() {
                return Err(Arith::DivideByZero);
            }
            Ok(Fraction(
                x.amount.checked_div(y.amount).ok_or(Arith::TooLarge)?,
            ))
        }
        (M(x), Op::Mul, n) | (n, Op::Mul, M(x)) => {
            let n = num(n).ok_or(Arith::MoneyTimesMoney)?;
            Ok(M(Money::new(
                x.amount.checked_mul(n).ok_or(Arith::TooLarge)?,
                x.currency,
            )))
        }
        (M(x), Op::Div, n) => {
            // Money over money was matched above: `n` is a number.
            let n = num(n).ok_or(Arith::MoneyTimesMoney)?;
            if n.is_zero() {
                return Err(Arith::DivideByZero);
            }
            Ok(M(Money::new(
                x.amount.checked_div(n).ok_or(Arith::TooLarge)?,
                x.currency,
            )))
        }
        (M(_), _, _) | (_, _, M(_)) => Err(Arith::NumberAndMoney),
        (x, op, y) => {
            let (p, q) = (x.value(), y.value());
            let v = match op {
                Op::Add => p.checked_add(q),
                Op::Sub => p.checked_sub(q),
                Op::Mul => p.checked_mul(q),
                Op::Div if q.is_zero() => return Err(Arith::DivideByZero),
                Op::Div => p.checked_div(q),
            }
            .ok_or(Arith::TooLarge)?;
            let fraction = matches!(x, Fraction(_)) || matches!(y, Fraction(_)) || op == Op::Div;
            Ok(if fraction { Fraction(v) } else { Count(v) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::d;

    fn count(text: &str, _: Range<usize>) -> Result<Figure, ()> {
        Ok(Figure::Count(d(text)))
    }

    fn value(text: &str) -> Figure {
        Expr::parse(text).unwrap().eval(text, &mut count).unwrap()
    }

    /// Precedence, left to right, parentheses: 14.8 + 65 x 2 = 144.8;
    /// (1 + 2) x 3 = 9; 8 - 2 - 1 = 5; 12 / 3 / 2 = 2.
    #[test]
    fn precedence_and_grouping() {
        assert_eq!(value("14.8 + 65 * 2"), Figure::Count(d("144.8")));
        assert_eq!(value("(1 + 2) * 3"), Figure::Count(d("9")));
        assert_eq!(value("8 - 2 - 1"), Figure::Count(d("5")));
        // A quotient is a ratio: a fraction.
        assert_eq!(value("12 / 3 / 2"), Figure::Fraction(d("2")));
    }

    /// Hyphens in ids are not operators; a spaced `-` is.
    #[test]
    fn hyphens_and_minus() {
        let e = Expr::parse("deals.meta-scale.price - deals.a.price").unwrap();
        let Expr::Binary(a, Op::Sub, b) = e else {
            panic!("{e:?}")
        };
        assert_eq!(*a, Expr::Operand(0..22));
        assert_eq!(*b, Expr::Operand(25..38));
        assert_eq!(
            Expr::parse("deals.meta-scale.price").unwrap().single(),
            Some(0..22)
        );
    }

    /// Incomplete expressions point at what is left over, and nesting
    /// past the limit is refused, not a stack overflow.
    #[test]
    fn incomplete_and_too_deep() {
        assert_eq!(
            Expr::parse("1 +"),
            Err(ExprError::Incomplete { span: 0..3 })
        );
        assert_eq!(
            Expr::parse("(1 + 2) 3"),
            Err(ExprError::Incomplete { span: 8..9 })
        );
        let deep = format!("{}1{}", "(".repeat(65), ")".repeat(65));
        assert!(matches!(Expr::parse(&deep), Err(ExprError::TooDeep(_))));
        let fine = format!("{}1{}", "(".repeat(64), ")".repeat(64));
        assert!(Expr::parse(&fine).is_ok());
    }

    /// Money combines with money of its currency, numbers scale it.
    #[test]
    fn money_arithmetic() {
        let usd = |v: &str| Figure::Money(crate::testing::usd(v));
        assert_eq!(combine(usd("10"), Op::Add, usd("5")), Ok(usd("15")));
        assert_eq!(
            combine(usd("10"), Op::Div, usd("4")),
            Ok(Figure::Fraction(d("2.5")))
        );
        assert_eq!(
            combine(usd("10"), Op::Mul, usd("4")),
            Err(Arith::MoneyTimesMoney)
        );
        assert_eq!(
            combine(usd("10"), Op::Add, Figure::Count(d("1"))),
            Err(Arith::NumberAndMoney)
        );
        assert_eq!(
            combine(usd("10"), Op::Div, Figure::Count(d("0"))),
            Err(Arith::DivideByZero)
        );
    }
}
