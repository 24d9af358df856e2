//! 政策提醒: subscriptions (sealed addresses, confirmed by mail), the worker that follows
//! the change feed and queues one mail per subscriber and batch of changes, the forms.

pub mod http;
pub mod service;
pub mod store;
pub mod worker;
