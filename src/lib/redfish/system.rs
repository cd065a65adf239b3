//! Finding the ComputerSystem a fleet action is for: the BMC's only system, or the one
//! whose serial number or UUID matches the node's recorded hardware.

use super::json::{link, odata_id, text};
use super::{Conn, RedfishError};
use serde_json::Value;

/// What is known of the node, to pick its system on a BMC that has several.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SystemSelector {
    /// hardware.serial.
    pub serial: Option<String>,
    /// hardware.uuid.
    pub uuid: Option<String>,
}

/// GETs the service root, then the system for `sel`. Returns the system resource.
pub async fn find_system(conn: &Conn, sel: &SystemSelector) -> Result<Value, RedfishError> {
    let root = conn.get("/redfish/v1/").await?;
    let url = conn.absolute("/redfish/v1/");
    let systems_path = link(&root, "Systems").ok_or_else(|| RedfishError::Unsupported {
        url: url.clone(),
        what: "the service has no Systems collection (a chassis or PDU controller?)".into(),
    })?;
    let coll = conn.get(systems_path).await?;
    let ids = member_links(conn, systems_path, &coll);
    match ids.len() {
        0 => Err(RedfishError::Unsupported {
            url: conn.absolute(systems_path),
            what: "the Systems collection is empty".into(),
        }),
        1 => conn.get(&ids[0]).await,
        n => {
            if sel.serial.is_none() && sel.uuid.is_none() {
                return Err(RedfishError::Unsupported {
                    url: conn.absolute(systems_path),
                    what: format!("{n} systems behind this BMC and the node records no hardware serial or UUID to choose one; run `chami discover collect --write` first"),
                });
            }
            let all = futures_util::future::try_join_all(ids.iter().map(|i| conn.get(i))).await?;
            let eq = |a: &Option<String>, b: Option<String>| {
                a.as_ref()
                    .is_some_and(|a| b.is_some_and(|b| a.eq_ignore_ascii_case(&b)))
            };
            all.into_iter()
                .find(|s| {
                    eq(&sel.serial, text(s, "SerialNumber")) || eq(&sel.uuid, text(s, "UUID"))
                })
                .ok_or_else(|| RedfishError::Unsupported {
                    url: conn.absolute(systems_path),
                    what: format!("none of the {n} systems has the node's serial or UUID"),
                })
        }
    }
}

/// The `@odata.id` of each member of the collection `coll` (read from `path`), at most
/// --max-members of them (a cut is recorded).
pub(super) fn member_links(conn: &Conn, path: &str, coll: &Value) -> Vec<String> {
    let mut ids: Vec<String> = super::json::members(coll)
        .iter()
        .filter_map(|m| odata_id(m).map(str::to_string))
        .collect();
    conn.cap_members(path, &mut ids);
    ids
}
