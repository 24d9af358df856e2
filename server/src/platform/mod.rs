//! Shared plumbing every feature uses: the allocator's settings, database, clock, working-day calendar, crypto,
//! throttles, contact checks, the mail outbox, units, the sheet reader, the search
//! engine, the change feed and the counters behind `/metrics`. Nothing here knows about a particular list.

pub mod allocator;
pub mod calendar;
pub mod cidr;
pub mod changes;
pub mod clock;
pub mod contact;
pub mod crypto;
pub mod db;
pub mod key_guard;
pub mod mail;
pub mod metadata;
pub mod metrics;
pub mod search;
pub mod sheet;
pub mod throttle;
pub mod units;
pub mod xlsx;
pub mod xml;
pub mod uploads;
