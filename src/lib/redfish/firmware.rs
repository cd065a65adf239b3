//! `bmc firmware`: list the firmware inventory, and start `UpdateService.SimpleUpdate`
//! (the target taken from the service's Actions), then follow the returned task until
//! it ends, reporting its progress.

use super::json::{count, link, odata_id, text};
use super::{CollectedFirmware, Conn, RedfishError};
use serde::Serialize;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// The outcome of an update on one BMC.
#[derive(Debug, Clone, Serialize)]
pub struct FirmwareResult {
    /// The task that ran the update, when the service made one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// Final TaskState (Completed, Exception …).
    pub task_state: Option<String>,
    /// Messages the task reported.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<String>,
}

/// A progress report while an update runs.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskProgress {
    /// TaskState.
    pub state: String,
    /// PercentComplete.
    pub percent: Option<u64>,
}

/// Lists FirmwareInventory.
pub async fn firmware_list(conn: &Conn) -> Result<Vec<CollectedFirmware>, RedfishError> {
    Ok(firmware_items(conn)
        .await?
        .iter()
        .map(|(_, f)| f.clone())
        .collect())
}

/// Each FirmwareInventory member: its path and what it says.
pub(super) async fn firmware_items(
    conn: &Conn,
) -> Result<Vec<(String, CollectedFirmware)>, RedfishError> {
    let svc = update_service(conn).await?.1;
    let Some(inv) = link(&svc, "FirmwareInventory") else {
        return Ok(vec![]);
    };
    let coll = conn.get(inv).await?;
    let ids = super::system::member_links(conn, inv, &coll);
    let items = futures_util::future::try_join_all(ids.iter().map(|i| conn.get(i))).await?;
    Ok(ids
        .iter()
        .zip(&items)
        .map(|(path, f)| (path.clone(), CollectedFirmware::from_json(f)))
        .collect())
}

async fn update_service(conn: &Conn) -> Result<(String, Value), RedfishError> {
    let root = conn.get("/redfish/v1/").await?;
    let path = link(&root, "UpdateService").ok_or_else(|| RedfishError::Unsupported {
        url: conn.absolute("/redfish/v1/"),
        what: "the service has no UpdateService".into(),
    })?;
    Ok((path.to_string(), conn.get(path).await?))
}

/// Starts SimpleUpdate with `image_uri` and follows the task, calling `progress` on each
/// poll, until it ends or `wait` passes.
pub async fn firmware_update(
    conn: &Conn,
    image_uri: &str,
    targets: &[String],
    poll: Duration,
    wait: Duration,
    mut progress: impl FnMut(&TaskProgress),
) -> Result<FirmwareResult, RedfishError> {
    let (svc_path, svc) = update_service(conn).await?;
    let target = svc
        .pointer("/Actions/#UpdateService.SimpleUpdate/target")
        .and_then(Value::as_str)
        .ok_or_else(|| RedfishError::Unsupported {
            url: conn.absolute(&svc_path),
            what: "the UpdateService has no SimpleUpdate action".into(),
        })?;
    let mut body = json!({ "ImageURI": image_uri });
    if !targets.is_empty() {
        body["Targets"] = json!(targets);
    }
    let answer = conn.post(target, &body).await?;
    let location = answer
        .headers
        .get("Location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| {
            super::conn::parse_json(target, &answer.body)
                .ok()
                .and_then(|v| odata_id(&v).map(str::to_string))
        });
    let Some(task) = location else {
        // No task: the service did the update synchronously.
        return Ok(FirmwareResult {
            task: None,
            task_state: Some("Completed".into()),
            messages: vec![],
        });
    };
    let started = Instant::now();
    loop {
        let t = conn.get(&task).await?;
        let state = text(&t, "TaskState").unwrap_or_else(|| "Completed".into());
        progress(&TaskProgress {
            state: state.clone(),
            percent: count(&t, "PercentComplete"),
        });
        if matches!(
            state.as_str(),
            "Completed" | "Exception" | "Killed" | "Cancelled"
        ) {
            let messages = t
                .get("Messages")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|m| text(m, "Message"))
                .collect();
            if state != "Completed" {
                return Err(RedfishError::Unsupported {
                    url: conn.absolute(&task),
                    what: format!("the update task ended in {state}"),
                });
            }
            return Ok(FirmwareResult {
                task: Some(task),
                task_state: Some(state),
                messages,
            });
        }
        if started.elapsed() > wait {
            return Err(RedfishError::Timeout {
                url: conn.absolute(&task),
                secs: wait.as_secs_f64(),
            });
        }
        tokio::time::sleep(poll).await;
    }
}
