//! The complaint channel: reporters file tips and follow them by receipt; the
//! commission triages, forwards, handles and answers; units verify what they are sent.

pub mod service;
pub mod uploads;

pub use service::{Complaints, Deadlines, Evidence};
