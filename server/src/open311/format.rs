//! One answer, two formats: a small tree written as JSON or as GeoReport's XML.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use crate::platform::xml::escape;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

/// `services.json` → ("services", Json); `None` for another extension.
pub fn split(file: &str) -> Option<(&str, Format)> {
    let (stem, ext) = file.rsplit_once('.')?;
    match ext {
        "json" => Some((stem, Format::Json)),
        "xml" => Some((stem, Format::Xml)),
        _ => None,
    }
}

pub enum Node {
    Text(String),
    Bool(bool),
    Int(i64),
    Null,
    /// Named fields, in order.
    Obj(Vec<(&'static str, Node)>),
    /// Items; in XML each is an element of this name.
    List(&'static str, Vec<Node>),
}

pub fn text(s: impl Into<String>) -> Node {
    Node::Text(s.into())
}

fn to_json(node: &Node) -> Value {
    match node {
        Node::Text(s) => Value::String(s.clone()),
        Node::Bool(b) => Value::Bool(*b),
        Node::Int(n) => json!(n),
        Node::Null => Value::Null,
        Node::Obj(fields) => Value::Object(fields.iter().map(|(k, v)| (k.to_string(), to_json(v))).collect::<Map<_, _>>()),
        Node::List(_, items) => Value::Array(items.iter().map(to_json).collect()),
    }
}

fn write_xml(out: &mut String, name: &str, node: &Node) {
    match node {
        Node::Null => out.push_str(&format!("<{name}/>")),
        Node::Text(s) => out.push_str(&format!("<{name}>{}</{name}>", escape(s))),
        Node::Bool(b) => out.push_str(&format!("<{name}>{b}</{name}>")),
        Node::Int(n) => out.push_str(&format!("<{name}>{n}</{name}>")),
        Node::Obj(fields) => {
            out.push_str(&format!("<{name}>"));
            for (k, v) in fields {
                write_xml(out, k, v);
            }
            out.push_str(&format!("</{name}>"));
        }
        Node::List(item, items) => {
            out.push_str(&format!("<{name}>"));
            for i in items {
                write_xml(out, item, i);
            }
            out.push_str(&format!("</{name}>"));
        }
    }
}

/// The answer: JSON, or XML under the element `root`.
pub fn respond(format: Format, status: StatusCode, root: &str, node: &Node) -> Response {
    match format {
        Format::Json => (status, [(header::CONTENT_TYPE, "application/json; charset=utf-8")], to_json(node).to_string()).into_response(),
        Format::Xml => {
            let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
            write_xml(&mut xml, root, node);
            (status, [(header::CONTENT_TYPE, "text/xml; charset=utf-8")], xml).into_response()
        }
    }
}

/// GeoReport's error body, `[{code, description}]` or `<errors><error>…`, with the code
/// as the HTTP status (400, 403, 404 …).
pub fn error(format: Format, status: StatusCode, description: &str) -> Response {
    let node = Node::List("error", vec![Node::Obj(vec![("code", Node::Int(status.as_u16() as i64)), ("description", text(description))])]);
    respond(format, status, "errors", &node)
}

#[cfg(test)]
mod tests;
