//! Deals: a stake bought for a price, and what it implies.
//!
//! - post-money = price / stake: 49% for $14.3B -> $29.18B.
//! - pre-money = post-money when the shares are bought from holders
//!   (secondary); post-money - price when the money buys new shares
//!   (primary): $40B at $300B post is $260B pre.
//! - remaining value = post-money x (1 - stake): what the other holders'
//!   shares are worth at that price.
//! - With the shares outstanding before the deal (N): a primary deal issues
//!   N x stake / (1 - stake) new shares at pre-money / N each; a secondary
//!   deal buys N x stake existing shares at post-money / N each.
//! - Pre-money may be given instead of post-money: post = pre + price
//!   (primary) or pre (secondary); "a $65bn round valuing it at $900bn
//!   not including the new investment" is $965bn post-money.
//! - Share counts derived from money are whole shares, rounded down, unless
//!   the deal says fractional shares: $8,869,651,000 at $20.47 a share is
//!   433,300,000 shares; $2B at $23 is 86,956,521 (not 86,956,521.74).

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::money::Money;

/// Whose shares are bought.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DealKind {
    /// Existing shares, from their holders: pre-money = post-money.
    #[default]
    Secondary,
    /// New shares: the price goes into the company.
    Primary,
}

impl fmt::Display for DealKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DealKind::Secondary => "secondary",
            DealKind::Primary => "primary",
        })
    }
}

/// A deal as given: any two of stake, price and post-money; or a number
/// of shares and a price per share.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Deal {
    /// Who buys.
    pub buyer: Option<String>,
    /// What is bought into.
    pub target: Option<String>,
    /// When.
    pub date: Option<NaiveDate>,
    /// The fraction bought: 0.49.
    pub stake: Option<Decimal>,
    /// What is paid.
    pub price: Option<Money>,
    /// The valuation after the deal.
    pub post_money: Option<Money>,
    /// The valuation before the deal.
    pub pre_money: Option<Money>,
    /// Primary or secondary.
    pub kind: DealKind,
    /// Shares outstanding before the deal.
    pub shares: Option<Decimal>,
    /// Shares the buyer gets.
    pub shares_bought: Option<Decimal>,
    /// Price of one share.
    pub price_per_share: Option<Money>,
    /// Share counts derived from money keep their fraction.
    pub fractional_shares: bool,
}

/// What a deal implies. Figures that need the stake are absent when the
/// deal gives neither a stake nor a way to compute one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Valuation {
    /// The fraction bought.
    pub stake: Option<Decimal>,
    /// What is paid.
    pub price: Money,
    /// Valuation after the deal.
    pub post_money: Option<Money>,
    /// Valuation before the deal.
    pub pre_money: Option<Money>,
    /// Value of the shares the buyer does not hold.
    pub remaining_value: Option<Money>,
    /// New shares issued (0 in a secondary deal), when shares are known.
    pub new_shares: Option<Decimal>,
    /// Shares the buyer gets, when shares are known.
    pub shares_bought: Option<Decimal>,
    /// Price of one share, when shares are known.
    pub price_per_share: Option<Money>,
    /// Primary or secondary.
    pub kind: DealKind,
    /// Which figures were given and how the others were found.
    pub derivation: Derivation,
}

/// How each of a valuation's three main figures was found, so that an
/// explanation never runs a formula backwards: given $29B post-money and
/// 49%, the price is post-money x stake (14.21B), not the reverse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Derivation {
    /// The stake.
    pub stake: StakeFrom,
    /// The price.
    pub price: PriceFrom,
    /// The post-money valuation.
    pub post_money: PostMoneyFrom,
}

/// Where the stake came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum StakeFrom {
    /// Given.
    #[default]
    Given,
    /// price / post-money.
    PriceOverPostMoney,
    /// shares bought / shares (after the deal, when primary).
    Shares,
}

/// Where the price came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PriceFrom {
    /// Given.
    #[default]
    Given,
    /// post-money x stake.
    PostMoneyTimesStake,
    /// shares bought x price per share.
    SharesTimesPricePerShare,
}

/// Where the post-money valuation came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PostMoneyFrom {
    /// Given.
    Given,
    /// price / stake.
    #[default]
    PriceOverStake,
    /// pre-money (+ price, when primary).
    PreMoney,
}

/// A figure of a deal, named as a scenario file writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Term {
    /// `stake`.
    Stake,
    /// `price`.
    Price,
    /// `post_money`.
    PostMoney,
    /// `pre_money`.
    PreMoney,
    /// `shares` (outstanding).
    Shares,
    /// `shares_bought`.
    SharesBought,
    /// `price_per_share`.
    PricePerShare,
}

impl Term {
    /// The field's name in a scenario file.
    pub fn key(self) -> &'static str {
        match self {
            Term::Stake => "stake",
            Term::Price => "price",
            Term::PostMoney => "post_money",
            Term::PreMoney => "pre_money",
            Term::Shares => "shares",
            Term::SharesBought => "shares_bought",
            Term::PricePerShare => "price_per_share",
        }
    }

    /// The figure in words.
    fn words(self) -> &'static str {
        match self {
            Term::Stake => "the stake",
            Term::Price => "the price",
            Term::PostMoney => "the post-money valuation",
            Term::PreMoney => "the pre-money valuation",
            Term::Shares => "shares outstanding",
            Term::SharesBought => "shares bought",
            Term::PricePerShare => "the price per share",
        }
    }
}

/// Why a stake cannot be valued.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StakeProblem {
    /// 0% or less: the valuation is undefined.
    BuysNothing,
    /// More than 100%.
    MoreThanWhole,
    /// 100% of a primary deal: the pre-money is undefined.
    WholeOfPrimary,
}

/// A deal that implies nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DealError {
    /// Not enough figures.
    Underdetermined,
    /// All three given, and they disagree.
    Disagree {
        /// stake x post-money.
        implied_price: Money,
        /// The price given.
        price: Money,
    },
    /// Pre-money and post-money both given, and they disagree.
    PreMoneyDisagrees {
        /// What the pre-money (and the price or stake) imply.
        implied_post_money: Money,
        /// The post-money given.
        post_money: Money,
    },
    /// A count or an amount that must be positive is not.
    NotPositive {
        /// Which figure.
        term: Term,
        /// Its value.
        value: Decimal,
    },
    /// Two figures that must share a currency do not.
    Currencies {
        /// The figure whose currency rules.
        first: Term,
        /// The figure in another currency.
        second: Term,
    },
    /// A stake no deal can have.
    Stake {
        /// The stake, as a fraction.
        stake: Decimal,
        /// What is wrong with it.
        problem: StakeProblem,
    },
    /// A figure beyond 28 significant digits.
    Overflow,
}

impl fmt::Display for DealError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DealError::Underdetermined => write!(
                f,
                "a deal needs two of `stake`, `price`, `pre_money` and `post_money`, or `shares_bought` and `price_per_share`"
            ),
            DealError::Disagree {
                implied_price,
                price,
            } => write!(
                f,
                "stake, price and post-money disagree: stake x post-money is {implied_price}, the price is {price}"
            ),
            DealError::PreMoneyDisagrees {
                implied_post_money,
                post_money,
            } => write!(
                f,
                "pre-money and post-money disagree: the pre-money implies {implied_post_money} post-money, not {post_money}"
            ),
            DealError::NotPositive { term, value } => {
                write!(f, "{} must be positive, not {value}", term.words())
            }
            DealError::Currencies { first, second } => write!(
                f,
                "{} and {} are in different currencies",
                first.words(),
                second.words()
            ),
            DealError::Stake { stake, problem } => {
                let percent = (stake * Decimal::ONE_HUNDRED).normalize();
                match problem {
                    StakeProblem::BuysNothing => write!(
                        f,
                        "a stake of {percent}% buys nothing: the valuation is undefined"
                    ),
                    StakeProblem::MoreThanWhole => {
                        write!(f, "a stake of {percent}% is more than the whole company")
                    }
                    StakeProblem::WholeOfPrimary => f.write_str(
                        "a primary deal for 100% would leave the existing holders nothing: the pre-money valuation is undefined",
                    ),
                }
            }
            DealError::Overflow => f.write_str("the deal's figures exceed 28 digits"),
        }
    }
}

impl std::error::Error for DealError {}

impl DealError {
    /// A suggestion.
    pub fn hint(&self) -> Option<String> {
        match self {
            DealError::Disagree { .. } => {
                Some("give two of the three, and check the third with a claim".to_owned())
            }
            DealError::PreMoneyDisagrees { .. } => {
                Some("give one of them, and check the other with a claim".to_owned())
            }
            DealError::Underdetermined => {
                Some("for example `stake = \"49%\"` and `price = \"$14.3B\"`".into())
            }
            DealError::Currencies { .. } => {
                Some("write both in one currency; convert the other with `dealcalc convert`".into())
            }
            DealError::Stake {
                problem: StakeProblem::WholeOfPrimary,
                ..
            } => Some("a sale of the whole company is `kind = \"secondary\"`".into()),
            DealError::NotPositive { .. } | DealError::Stake { .. } | DealError::Overflow => None,
        }
    }

    /// The figure at fault, where one is.
    pub fn term(&self) -> Option<Term> {
        match self {
            DealError::Disagree { .. } => Some(Term::Price),
            DealError::PreMoneyDisagrees { .. } => Some(Term::PostMoney),
            DealError::NotPositive { term, .. } => Some(*term),
            DealError::Currencies { second, .. } => Some(*second),
            DealError::Stake { .. } => Some(Term::Stake),
            DealError::Underdetermined | DealError::Overflow => None,
        }
    }
}

fn positive_count(n: Option<Decimal>, term: Term) -> Result<Option<Decimal>, DealError> {
    match n {
        Some(value) if value <= Decimal::ZERO => Err(DealError::NotPositive { term, value }),
        _ => Ok(n),
    }
}

impl Deal {
    /// What the deal implies. 49% for $14.3B (secondary) is worth
    /// 29183673469.39 post-money and pre-money.
    pub fn valuation(&self) -> Result<Valuation, DealError> {
        let shares = positive_count(self.shares, Term::Shares)?;
        let mut derivation = Derivation::default();
        let (price, bought) = self.price_and_bought(&mut derivation)?;
        // The stake from the shares, when not given.
        let mut stake = self.stake;
        if stake.is_none()
            && let (Some(n), Some(b)) = (shares, bought)
        {
            let whole = match self.kind {
                DealKind::Primary => n.checked_add(b).ok_or(DealError::Overflow)?,
                DealKind::Secondary => n,
            };
            stake = Some(b.checked_div(whole).ok_or(DealError::Overflow)?);
            derivation.stake = StakeFrom::Shares;
        }
        let post_given = self.post_money_given(price, stake)?;
        let (stake, price) =
            stake_and_price(stake, price, post_given, bought, self.kind, &mut derivation)?;
        if price.amount <= Decimal::ZERO {
            return Err(DealError::NotPositive {
                term: Term::Price,
                value: price.amount,
            });
        }
        let mut v = Valuation {
            stake,
            price,
            post_money: None,
            pre_money: None,
            remaining_value: None,
            new_shares: None,
            shares_bought: bought,
            price_per_share: self.price_per_share,
            kind: self.kind,
            derivation,
        };
        if let Some(stake) = stake {
            self.value_the_company(&mut v, stake, post_given, shares)?;
        }
        v.new_shares = v.shares_bought.map(|b| match self.kind {
            DealKind::Primary => b,
            DealKind::Secondary => Decimal::ZERO,
        });
        Ok(v)
    }

    /// The price from shares x price per share, or the shares bought from
    /// the price and the price per share.
    fn price_and_bought(
        &self,
        derivation: &mut Derivation,
    ) -> Result<(Option<Money>, Option<Decimal>), DealError> {
        let bought = positive_count(self.shares_bought, Term::SharesBought)?;
        if let Some(p) = self.price_per_share
            && p.amount <= Decimal::ZERO
        {
            return Err(DealError::NotPositive {
                term: Term::PricePerShare,
                value: p.amount,
            });
        }
        match (self.price, bought, self.price_per_share) {
            (None, Some(n), Some(pps)) => {
                derivation.price = PriceFrom::SharesTimesPricePerShare;
                Ok((
                    Some(pps.checked_mul(n).map_err(|_| DealError::Overflow)?),
                    bought,
                ))
            }
            (Some(p), None, Some(pps)) => {
                if p.currency != pps.currency {
                    return Err(DealError::Currencies {
                        first: Term::Price,
                        second: Term::PricePerShare,
                    });
                }
                let n = self.whole(
                    p.amount
                        .checked_div(pps.amount)
                        .ok_or(DealError::Overflow)?,
                );
                Ok((Some(p), Some(n)))
            }
            _ => Ok((self.price, bought)),
        }
    }

    /// The post-money given, or implied by the pre-money given (with the
    /// price, or the stake, of a primary deal); both given must agree.
    fn post_money_given(
        &self,
        price: Option<Money>,
        stake: Option<Decimal>,
    ) -> Result<Option<Money>, DealError> {
        let Some(pre) = self.pre_money else {
            return Ok(self.post_money);
        };
        let post = match (self.kind, price, stake) {
            (DealKind::Secondary, ..) => pre,
            (DealKind::Primary, Some(p), _) => {
                pre.checked_add(p).map_err(|_| DealError::Overflow)?
            }
            (DealKind::Primary, None, Some(s)) if s < Decimal::ONE => pre
                .checked_div(Decimal::ONE - s)
                .map_err(|_| DealError::Overflow)?,
            _ => return Err(DealError::Underdetermined),
        };
        if let Some(given) = self.post_money
            && given.rounded(crate::money::Rounding::HalfUp)
                != post.rounded(crate::money::Rounding::HalfUp)
        {
            return Err(DealError::PreMoneyDisagrees {
                implied_post_money: post,
                post_money: given,
            });
        }
        Ok(Some(post))
    }

    /// With a stake: the post-money and pre-money valuations, what the
    /// other holders keep, and, with the shares outstanding, the shares
    /// bought and the price per share.
    fn value_the_company(
        &self,
        v: &mut Valuation,
        stake: Decimal,
        post_given: Option<Money>,
        shares: Option<Decimal>,
    ) -> Result<(), DealError> {
        check_stake(stake, self.kind)?;
        let price = v.price;
        let post_money = match post_given {
            Some(p) if self.stake.is_none() || self.price.is_none() => {
                v.derivation.post_money = if self.pre_money.is_some() {
                    PostMoneyFrom::PreMoney
                } else {
                    PostMoneyFrom::Given
                };
                p
            }
            _ => price.checked_div(stake).map_err(|_| DealError::Overflow)?,
        };
        let pre_money = match self.kind {
            DealKind::Secondary => post_money,
            DealKind::Primary => post_money
                .checked_sub(price)
                .map_err(|_| DealError::Overflow)?,
        };
        v.remaining_value = Some(
            post_money
                .checked_mul(Decimal::ONE - stake)
                .map_err(|_| DealError::Overflow)?,
        );
        if let Some(n) = shares {
            if v.shares_bought.is_none() {
                v.shares_bought = Some(
                    self.whole(match self.kind {
                        DealKind::Primary => n
                            .checked_mul(stake)
                            .and_then(|x| x.checked_div(Decimal::ONE - stake))
                            .ok_or(DealError::Overflow)?,
                        DealKind::Secondary => n.checked_mul(stake).ok_or(DealError::Overflow)?,
                    }),
                );
            }
            if v.price_per_share.is_none() {
                v.price_per_share = Some(match self.kind {
                    DealKind::Primary => {
                        pre_money.checked_div(n).map_err(|_| DealError::Overflow)?
                    }
                    DealKind::Secondary => {
                        post_money.checked_div(n).map_err(|_| DealError::Overflow)?
                    }
                });
            }
        }
        v.post_money = Some(post_money);
        v.pre_money = Some(pre_money);
        Ok(())
    }
}

impl Deal {
    /// A share count derived from money: whole shares, rounded down, unless
    /// the deal keeps fractions.
    fn whole(&self, shares: Decimal) -> Decimal {
        if self.fractional_shares {
            shares
        } else {
            shares.floor()
        }
    }
}

/// The stake and the price, from two of stake, price and post-money; all
/// three given must agree to the cent.
fn stake_and_price(
    stake: Option<Decimal>,
    price: Option<Money>,
    post: Option<Money>,
    bought: Option<Decimal>,
    kind: DealKind,
    derivation: &mut Derivation,
) -> Result<(Option<Decimal>, Money), DealError> {
    match (stake, price, post) {
        (Some(s), Some(p), Some(post)) => {
            check_stake(s, kind)?;
            if post.currency != p.currency {
                return Err(DealError::Currencies {
                    first: Term::Price,
                    second: Term::PostMoney,
                });
            }
            let implied = post.checked_mul(s).map_err(|_| DealError::Overflow)?;
            if implied.rounded(crate::money::Rounding::HalfUp)
                != p.rounded(crate::money::Rounding::HalfUp)
            {
                return Err(DealError::Disagree {
                    implied_price: implied,
                    price: p,
                });
            }
            Ok((Some(s), p))
        }
        (Some(s), Some(p), None) => Ok((Some(s), p)),
        (Some(s), None, Some(post)) => {
            check_stake(s, kind)?;
            derivation.price = PriceFrom::PostMoneyTimesStake;
            Ok((
                Some(s),
                post.checked_mul(s).map_err(|_| DealError::Overflow)?,
            ))
        }
        (None, Some(p), Some(post)) => {
            if post.amount <= Decimal::ZERO {
                return Err(DealError::NotPositive {
                    term: Term::PostMoney,
                    value: post.amount,
                });
            }
            if post.currency != p.currency {
                return Err(DealError::Currencies {
                    first: Term::Price,
                    second: Term::PostMoney,
                });
            }
            derivation.stake = StakeFrom::PriceOverPostMoney;
            Ok((
                Some(
                    p.amount
                        .checked_div(post.amount)
                        .ok_or(DealError::Overflow)?,
                ),
                p,
            ))
        }
        (None, Some(p), None) if bought.is_some() => Ok((None, p)),
        _ => Err(DealError::Underdetermined),
    }
}

fn check_stake(stake: Decimal, kind: DealKind) -> Result<(), DealError> {
    let problem = if stake <= Decimal::ZERO {
        StakeProblem::BuysNothing
    } else if stake > Decimal::ONE {
        StakeProblem::MoreThanWhole
    } else if stake == Decimal::ONE && kind == DealKind::Primary {
        StakeProblem::WholeOfPrimary
    } else {
        return Ok(());
    };
    Err(DealError::Stake { stake, problem })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{d, usd};

    #[test]
    fn meta_scale_49_percent_for_14_3_billion() {
        let v = Deal {
            stake: Some(d("0.49")),
            price: Some(usd("14300000000")),
            ..Deal::default()
        }
        .valuation()
        .unwrap();
        assert_eq!(v.post_money.unwrap().to_string(), "29183673469.39 USD");
        assert_eq!(v.pre_money, v.post_money);
        // 29183673469.387755... x 0.51
        assert_eq!(v.remaining_value.unwrap().to_string(), "14883673469.39 USD");
    }

    #[test]
    fn openai_40_billion_at_300_post_is_260_pre() {
        let v = Deal {
            price: Some(usd("40000000000")),
            post_money: Some(usd("300000000000")),
            kind: DealKind::Primary,
            ..Deal::default()
        }
        .valuation()
        .unwrap();
        assert_eq!(v.pre_money.unwrap().to_string(), "260000000000.00 USD");
        assert_eq!(v.stake.unwrap().round_dp(6), d("0.133333"));
    }

    #[test]
    fn primary_with_shares_issues_new_shares() {
        // 20% of a company with 800 shares: 200 new shares at pre / 800.
        let v = Deal {
            stake: Some(d("0.2")),
            price: Some(usd("1000")),
            kind: DealKind::Primary,
            shares: Some(d("800")),
            ..Deal::default()
        }
        .valuation()
        .unwrap();
        assert_eq!(v.new_shares, Some(d("200")));
        assert_eq!(v.post_money.unwrap().amount, d("5000"));
        assert_eq!(v.price_per_share.unwrap().amount, d("5"));
    }

    #[test]
    fn softbank_2_billion_at_23_dollars_a_share() {
        // 2e9 / 23 = 86956521.739...: "about 86.9 million shares" truncates.
        let v = Deal {
            price: Some(usd("2000000000")),
            price_per_share: Some(usd("23")),
            kind: DealKind::Primary,
            ..Deal::default()
        }
        .valuation()
        .unwrap();
        // Whole shares: 86,956,521 (the $17 left over buys no share).
        assert_eq!(v.new_shares.unwrap(), d("86956521"));
        assert_eq!(v.post_money, None);
        let v = Deal {
            price: Some(usd("2000000000")),
            price_per_share: Some(usd("23")),
            kind: DealKind::Primary,
            fractional_shares: true,
            ..Deal::default()
        }
        .valuation()
        .unwrap();
        assert_eq!(v.new_shares.unwrap().round_dp(3), d("86956521.739"));
    }

    /// "A $65bn round valuing it at $900bn not including the new
    /// investment": $900bn pre-money, so $965bn post and a 6.7358% stake.
    #[test]
    fn pre_money_as_an_input() {
        let v = Deal {
            price: Some(usd("65000000000")),
            pre_money: Some(usd("900000000000")),
            kind: DealKind::Primary,
            ..Deal::default()
        }
        .valuation()
        .unwrap();
        assert_eq!(v.post_money.unwrap().amount, d("965000000000"));
        // 65 / 965 = 0.0673575129...
        assert_eq!(v.stake.unwrap().round_dp(6), d("0.067358"));
        // From the stake instead: pre / (1 - stake) is post.
        let v = Deal {
            stake: Some(d("0.25")),
            pre_money: Some(usd("300")),
            kind: DealKind::Primary,
            ..Deal::default()
        }
        .valuation()
        .unwrap();
        assert_eq!(
            (v.post_money.unwrap().amount, v.price.amount),
            (d("400"), d("100"))
        );
    }

    #[test]
    fn impossible_deals_say_why() {
        let base = Deal {
            stake: Some(d("0")),
            price: Some(usd("1")),
            ..Deal::default()
        };
        assert!(
            base.valuation()
                .unwrap_err()
                .to_string()
                .contains("buys nothing")
        );
        let over = Deal {
            stake: Some(d("1.2")),
            ..base.clone()
        };
        assert!(
            over.valuation()
                .unwrap_err()
                .to_string()
                .contains("more than the whole company")
        );
        let neg = Deal {
            stake: Some(d("0.5")),
            price: Some(usd("-5")),
            ..Deal::default()
        };
        assert!(
            neg.valuation()
                .unwrap_err()
                .to_string()
                .contains("must be positive")
        );
        let all = Deal {
            stake: Some(d("1")),
            price: Some(usd("5")),
            kind: DealKind::Primary,
            ..Deal::default()
        };
        assert!(
            all.valuation()
                .unwrap_err()
                .to_string()
                .contains("primary deal for 100%")
        );
        let three = Deal {
            stake: Some(d("0.49")),
            price: Some(usd("14300000000")),
            post_money: Some(usd("29000000000")),
            ..Deal::default()
        };
        assert!(matches!(
            three.valuation().unwrap_err(),
            DealError::Disagree { .. }
        ));
    }
}
