//! Open311 GeoReport v2 (`/open311/v2/`): civic-tech clients list the tip categories and
//! the public state of tips, and file tips with an API key, in XML or JSON. A request's
//! id is the case number, never the receipt; public reads carry no description, no
//! identity and no unit.

pub mod format;
pub mod http;
pub mod keys;
