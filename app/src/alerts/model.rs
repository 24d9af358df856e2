//! Alert subscriptions: what a subscriber sees of theirs, and the pure rule of which
//! changed policy an alert names.

use serde::{Deserialize, Serialize};

use crate::policies::model::Profile;

pub const SUBSCRIBE_PATH: &str = "/alerts";
pub const MANAGE_PATH: &str = "/alerts/manage";
pub const CONFIRM_PATH: &str = "/alerts/confirm";
pub const UNSUBSCRIBE_PATH: &str = "/alerts/unsubscribe";
/// The longest query an alert keeps.
pub const MAX_QUERY_CHARS: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SubscriptionState {
    /// Waiting for the confirmation link: nothing is sent.
    Pending,
    Live,
    Ended,
}

/// A subscription as its holder (whoever has the link's token) sees it: never the address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionView {
    pub query: String,
    pub profile: Profile,
    /// At most one mail a day, listing every change since the last.
    pub digest: bool,
    pub state: SubscriptionState,
}

/// Whether a policy's texts hold every word of the query (words split at spaces, Latin
/// letters in any case). An empty query matches everything.
pub fn matches_query(query: &str, texts: &[&str]) -> bool {
    let texts: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
    query.split_whitespace().all(|word| {
        let word = word.to_lowercase();
        texts.iter().any(|t| t.contains(&word))
    })
}

#[cfg(test)]
mod tests;
